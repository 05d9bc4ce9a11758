using System.Collections.Concurrent;
using Grid.Sip.Recording;
using Grid.Sip.Sip;
using Grid.Sip.Sip.Transactions;
using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Server;

/// <summary>
/// The server's SIP core: receives from the transports, passes through the transaction layer, and dispatches new
/// requests: initial INVITEs to <see cref="SessionSetup"/>, in-dialog requests to their <see cref="RecordingSession"/>
/// (481 when the dialog is unknown), OPTIONS answered 200 with the capabilities, everything else 405.
/// </summary>
internal sealed class SrsCore : ISipMessageSink, ISipTransactionUser
{
    private readonly SrsContext _ctx;
    private readonly SessionRegistry _registry;
    private readonly SessionSetup _setup;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ServerTransaction, Task> _setups = new();

    public SrsCore(SrsContext ctx, SessionRegistry registry)
    {
        _ctx = ctx;
        _registry = registry;
        _setup = new SessionSetup(ctx, registry);
        ctx.Transactions.Attach(this);
    }

    /// <summary>INVITEs being set up.</summary>
    public int PendingInvites => _setups.Count;

    public void OnRequest(SipRequest request, ISipChannel channel)
    {
        _ctx.Metrics.MessageReceived(request.Method, channel.Transport);
        _ctx.Transactions.OnRequest(request, channel);
    }

    public void OnResponse(SipResponse response, ISipChannel channel)
    {
        _ctx.Metrics.ResponseReceived(channel.Transport);
        _ctx.Transactions.OnResponse(response);
    }

    public void OnMalformed(SipParseError error, string transport, bool answered)
    {
        _ctx.Metrics.Malformed(transport);
        SrsLog.Malformed(_ctx.Logger, transport, answered ? "answered" : "dropped", error.ToString());
    }

    void ISipTransactionUser.OnRequest(ServerTransaction transaction) => _ = DispatchAsync(transaction);

    void ISipTransactionUser.OnAck(SipRequest ack, ISipChannel channel) => _registry.Find(SipDialog.KeyOf(ack))?.OnAck(ack);

    void ISipTransactionUser.OnAckTimeout(InviteServerTransaction transaction)
    {
        // The session watches its transaction's Acknowledged task and ends itself (NoAck, with a BYE).
    }

    /// <summary>
    /// Stops accepting (new INVITEs and OPTIONS get 503), cancels INVITEs being set up, ends every session with a BYE
    /// (SessionEndReason.Shutdown), and waits for them and their BYEs until <paramref name="cancellationToken"/> or the
    /// shutdown timeout; returns the sessions not ended in time.
    /// </summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        _registry.StopAccepting();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // INVITEs being set up see the stop and answer 503 (or finish as sessions, ended below).
            await Task.WhenAll(_setups.Values).WaitAsync(_ctx.Options.ShutdownTimeout, _ctx.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Go on ending the sessions.
        }

        var sessions = _registry.Snapshot();
        SrsLog.Stopping(_ctx.Logger, sessions.Count);
        var ends = sessions.Select(s => s.EndAsync(SessionEndReason.Shutdown, sendBye: true)).ToList();
        try
        {
            await Task.WhenAll(ends).WaitAsync(_ctx.Options.ShutdownTimeout, _ctx.Time, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(sessions.Select(s => s.ByeCompletion)).WaitAsync(_ctx.Options.ShutdownTimeout, _ctx.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            var left = sessions.Count(s => !s.Completion.IsCompleted);
            SrsLog.StopTimedOut(_ctx.Logger, left);
            return left;
        }

        return 0;
    }

    private async Task DispatchAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        try
        {
            if (request.To?.Tag is not null)
            {
                var session = _registry.Find(SipDialog.KeyOf(request));
                if (session is null)
                {
                    SrsLog.UnknownDialog(_ctx.Logger, request.Method);
                    transaction.TrySendFinal(_ctx.Respond(request, 481));
                    return;
                }

                await session.HandleAsync(transaction).ConfigureAwait(false);
                return;
            }

            switch (request.Method)
            {
                case SipMethods.Invite:
                    var setup = _setup.RunAsync((InviteServerTransaction)transaction, _stopping.Token);
                    _setups[transaction] = setup;
                    try
                    {
                        await setup.ConfigureAwait(false);
                    }
                    finally
                    {
                        _setups.TryRemove(transaction, out _);
                    }

                    break;
                case SipMethods.Options:
                    transaction.TrySendFinal(Options(request));
                    break;
                case SipMethods.Bye or SipMethods.Update or SipMethods.Prack or SipMethods.Info:
                    SrsLog.UnknownDialog(_ctx.Logger, request.Method);
                    transaction.TrySendFinal(_ctx.Respond(request, 481));
                    break;
                default:
                    var refused = _ctx.Respond(request, 405);
                    refused.Headers.Add(SipHeaderNames.Allow, SrsContext.Allow);
                    transaction.TrySendFinal(refused);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SrsLog.RequestFailed(_ctx.Logger, request.Method, ex.GetType().Name, ex);
            transaction.TrySendFinal(_ctx.Respond(request, 500));
        }
    }

    /// <summary>
    /// OPTIONS out of a dialog (SBCs ping with it): 200 with Allow, Accept and Supported, also at the session limit (the
    /// server is up: it is each INVITE that gets 503 there); 503 with Retry-After only while shutting down, so that the
    /// SRC moves new recordings to another server.
    /// </summary>
    private SipResponse Options(SipRequest request)
    {
        var response = _registry.IsAccepting
            ? _ctx.Respond(request, 200)
            : _ctx.Unavailable(request, "Server shutting down", _ctx.Options.RetryAfter);
        SrsContext.AddCapabilities(response);
        return response;
    }
}
