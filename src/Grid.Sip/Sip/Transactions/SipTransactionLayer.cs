using System.Collections.Concurrent;
using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Sip.Transactions;

/// <summary>
/// Matches messages to transactions (RFC 3261 §17): retransmitted requests go to their server transaction, the ACK of
/// a non-2xx is absorbed by its INVITE transaction, CANCEL is answered here (200 and 487 to the INVITE, or 481 when it
/// matches nothing), responses go to the client transaction that sent the request; everything new goes up to the
/// <see cref="ISipTransactionUser"/>.
/// </summary>
internal sealed class SipTransactionLayer(TimeProvider time, SipTimerSettings timers, string? serverHeader)
{
    private readonly ConcurrentDictionary<string, ServerTransaction> _server = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NonInviteClientTransaction> _client = new(StringComparer.Ordinal);
    private ISipTransactionUser? _user;

    /// <summary>The live server transactions (for tests and metrics).</summary>
    public int ServerTransactionCount => _server.Count;

    /// <summary>The live client transactions.</summary>
    public int ClientTransactionCount => _client.Count;

    /// <summary>The timers in force.</summary>
    public SipTimerSettings Timers => timers;

    /// <summary>Connects the user (once, before the first message).</summary>
    public void Attach(ISipTransactionUser user) => _user = user;

    /// <summary>Handles a received request.</summary>
    public void OnRequest(SipRequest request, ISipChannel channel)
    {
        var user = _user ?? throw new InvalidOperationException("No transaction user attached.");
        var key = TransactionKeys.Server(request);
        if (key is null)
        {
            return;
        }

        if (request.Method == SipMethods.Ack)
        {
            if (_server.TryGetValue(key, out var matched) && matched is InviteServerTransaction invite && invite.FinalResponse is { StatusCode: >= 300 })
            {
                invite.OnAckForFailure();
                return;
            }

            user.OnAck(request, channel);
            return;
        }

        if (_server.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission();
            return;
        }

        if (request.Method == SipMethods.Cancel)
        {
            OnCancel(request, channel, key);
            return;
        }

        ServerTransaction transaction = request.Method == SipMethods.Invite
            ? new InviteServerTransaction(key, request, channel, time, timers, serverHeader, Remove, user.OnAckTimeout)
            : new NonInviteServerTransaction(key, request, channel, time, timers, Remove);
        if (!_server.TryAdd(key, transaction))
        {
            // The same request arrived twice at once: the first one owns the transaction.
            if (_server.TryGetValue(key, out var winner))
            {
                winner.OnRetransmission();
            }

            return;
        }

        user.OnRequest(transaction);
    }

    /// <summary>Handles a received response; one that matches no client transaction is dropped.</summary>
    public void OnResponse(SipResponse response)
    {
        var key = TransactionKeys.Client(response);
        if (key is not null && _client.TryGetValue(key, out var transaction))
        {
            transaction.OnResponse(response);
        }
    }

    /// <summary>Sends a request in a new client transaction (its top Via branch names it).</summary>
    public NonInviteClientTransaction SendRequest(SipRequest request, ISipChannel channel)
    {
        var branch = request.TopVia?.Branch ?? throw new ArgumentException("The request needs a Via with a branch.", nameof(request));
        var transaction = new NonInviteClientTransaction(TransactionKeys.Client(branch, request.Method), request, channel, time, timers, t => _client.TryRemove(t.Key, out _));
        _client[transaction.Key] = transaction;
        transaction.Start();
        return transaction;
    }

    /// <summary>The pending INVITE transaction a request belongs to (for tests).</summary>
    public ServerTransaction? Find(string key) => _server.TryGetValue(key, out var transaction) ? transaction : null;

    private void OnCancel(SipRequest cancel, ISipChannel channel, string key)
    {
        var cancelTransaction = new NonInviteServerTransaction(key, cancel, channel, time, timers, Remove);
        if (!_server.TryAdd(key, cancelTransaction))
        {
            return;
        }

        var inviteKey = TransactionKeys.Server(cancel, SipMethods.Invite);
        if (inviteKey is not null && _server.TryGetValue(inviteKey, out var target) && target is InviteServerTransaction invite)
        {
            // RFC 3261 §9.2: 200 to the CANCEL (with the INVITE's To tag), then 487 to the INVITE if it is still pending.
            cancelTransaction.TrySendFinal(Stamp(SipResponse.Create(cancel, 200, toTag: invite.LocalTag)));
            invite.TryCancel(serverHeader);
            return;
        }

        cancelTransaction.TrySendFinal(Stamp(SipResponse.Create(cancel, 481, toTag: SipTags.New())));
    }

    private SipResponse Stamp(SipResponse response)
    {
        if (serverHeader is not null)
        {
            response.Headers.Add(SipHeaderNames.Server, serverHeader);
        }

        return response;
    }

    private void Remove(ServerTransaction transaction) => _server.TryRemove(new KeyValuePair<string, ServerTransaction>(transaction.Key, transaction));
}
