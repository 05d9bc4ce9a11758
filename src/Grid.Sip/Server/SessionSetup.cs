using System.Net;
using System.Security.Cryptography;
using System.Text;
using Grid.Sip.Media;
using Grid.Sip.Recording;
using Grid.Sip.Sdp;
using Grid.Sip.Sip;
using Grid.Sip.Sip.Transactions;

namespace Grid.Sip.Server;

/// <summary>
/// Turns an initial INVITE into a recording session, or refuses it with the status that says why:
/// shutting down or at the session limit 503 (Retry-After); routing says no 403; an unknown Require option 420; no
/// recording metadata 415; a malformed body, SDP or metadata 400; no usable codec 488; no RTP ports 503; the Grid
/// unavailable 503 (its Retry-After). The RTP ports are bound before the Grid recording starts, the recording starts
/// before the 200 goes out, and the media is started with the 200 (RTP may arrive before the ACK).
/// </summary>
internal sealed class SessionSetup(SrsContext ctx, SessionRegistry registry)
{
    /// <summary>INVITEs holding a session slot while they are set up; a refusal gives the slot back before it is sent.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<InviteServerTransaction, bool> reserved = new();

    /// <summary>Processes one initial INVITE to its final response.</summary>
    public async Task RunAsync(InviteServerTransaction transaction, CancellationToken stopping)
    {
        if (!registry.IsAccepting)
        {
            Refuse(transaction, ShuttingDown());
            return;
        }

        if (!registry.TryReserve())
        {
            Refuse(transaction, new SrsRefusal(503, "Session limit reached", "session-limit", [RetryAfter(ctx.Options.RetryAfter)]));
            return;
        }

        reserved[transaction] = true;
        var kept = false;
        try
        {
            kept = await SetUpAsync(transaction, stopping).ConfigureAwait(false);
        }
        finally
        {
            // An answered session keeps its slot (the registry gives it back when the session ends).
            if (reserved.TryRemove(transaction, out _) && !kept)
            {
                registry.Release();
            }
        }
    }

    /// <summary>The Grid call id of a session: a hash of the SIP Call-ID (no address in it) and a random part.</summary>
    public static string NewCallId(string sipCallId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sipCallId)))[..12];
        return "siprec-" + hash + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    }

    private async Task<bool> SetUpAsync(InviteServerTransaction transaction, CancellationToken stopping)
    {
        var request = transaction.Request;
        var channel = transaction.Channel;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(transaction.CancellationToken, stopping);

        var source = channel.RemoteEndPoint.Address.IsIPv4MappedToIPv6
            ? new IPEndPoint(channel.RemoteEndPoint.Address.MapToIPv4(), channel.RemoteEndPoint.Port)
            : channel.RemoteEndPoint;
        var origin = new SessionOrigin(source, channel.Transport, request.RequestUri.User, request.To?.Uri.User ?? string.Empty);
        RecordingRoute? route;
        try
        {
            route = await ctx.Backend.RouteAsync(origin, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return Cancelled(transaction);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SrsLog.BackendFailed(ctx.Logger, "route", ex.GetType().Name, ex);
            Refuse(transaction, new SrsRefusal(503, "Routing unavailable", "route-failed", [RetryAfter(ctx.Options.RetryAfter)]));
            return false;
        }

        if (cancel.IsCancellationRequested)
        {
            return Cancelled(transaction);
        }

        if (route is null)
        {
            Refuse(transaction, new SrsRefusal(403, "Recording source not configured", "unknown-source"));
            return false;
        }

        var unsupported = request.GetTokens(SipHeaderNames.Require).Where(t => !t.Equals("siprec", StringComparison.OrdinalIgnoreCase)).ToList();
        if (unsupported.Count > 0)
        {
            Refuse(transaction, new SrsRefusal(420, "Bad Extension", "bad-extension", [new(SipHeaderNames.Unsupported, string.Join(", ", unsupported))]));
            return false;
        }

        var offer = SessionOffer.Read(request, initial: true, out var refusal);
        if (offer is null)
        {
            Refuse(transaction, refusal!);
            return false;
        }

        var sdp = offer.Sdp!;
        var metadata = offer.Metadata!;
        var dialog = SipDialog.FromInvite(request, transaction.LocalTag);
        if (dialog is null)
        {
            Refuse(transaction, new SrsRefusal(400, "A From tag and one SIP Contact are required", "malformed-request"));
            return false;
        }

        var plan = MediaPlan.Plan(sdp, metadata);
        if (plan is null)
        {
            Refuse(transaction, RecordingSession.NoCodec());
            return false;
        }

        MediaSession media;
        try
        {
            media = MediaSession.Create(plan, ctx.Ports, ctx.Options.Media, ctx.Time, ctx.MediaLogger);
        }
        catch (RecordingUnavailableException ex)
        {
            // The RTP port range is exhausted (or held by other processes).
            SrsLog.BackendFailed(ctx.Logger, "bind RTP ports", ex.GetType().Name, ex);
            Refuse(transaction, new SrsRefusal(503, "No media ports available", "media-ports", [RetryAfter(ex.RetryAfter)]));
            return false;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            SrsLog.BackendFailed(ctx.Logger, "bind RTP ports", ex.GetType().Name, ex);
            Refuse(transaction, new SrsRefusal(503, "No media ports available", "media-ports", [RetryAfter(ctx.Options.RetryAfter)]));
            return false;
        }

        var callId = NewCallId(request.CallId!);
        var start = new RecordingStart(callId, media.Format, metadata, plan.DescribeChannels(metadata), ctx.Time.GetUtcNow());
        IRecordingSink sink;
        try
        {
            sink = await ctx.Backend.StartAsync(route, start, cancel.Token).ConfigureAwait(false);
        }
        catch (RecordingUnavailableException ex)
        {
            await media.DisposeAsync().ConfigureAwait(false);
            SrsLog.BackendFailed(ctx.Logger, "start a recording", ex.GetType().Name, ex);
            Refuse(transaction, new SrsRefusal(503, "Recording storage unavailable", "grid-unavailable", [RetryAfter(ex.RetryAfter)]));
            return false;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await media.DisposeAsync().ConfigureAwait(false);
            return Cancelled(transaction);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await media.DisposeAsync().ConfigureAwait(false);
            SrsLog.BackendFailed(ctx.Logger, "start a recording", ex.GetType().Name, ex);
            Refuse(transaction, new SrsRefusal(503, "Recording storage unavailable", "grid-unavailable", [RetryAfter(ctx.Options.RetryAfter)]));
            return false;
        }

        if (cancel.IsCancellationRequested)
        {
            // Cancelled while the recording started: it ends at once, empty.
            await sink.EndAsync(transaction.IsCancelled ? SessionEndReason.Bye : SessionEndReason.Shutdown, CancellationToken.None).ConfigureAwait(false);
            await sink.DisposeAsync().ConfigureAwait(false);
            await media.DisposeAsync().ConfigureAwait(false);
            return Cancelled(transaction);
        }

        var sessionId = RandomNumberGenerator.GetInt32(1, int.MaxValue);
        var answer = SdpAnswer.Build(sdp, plan, media.Ports, ctx.MediaAddress, sessionId, 1);
        var session = new RecordingSession(ctx, callId, dialog, channel, media, sink, plan, metadata, answer, sessionId, registry.Remove);
        registry.Add(session);
        media.Start(sink);
        ctx.Metrics.Started();

        // Watching (the ACK, the media, inactivity) starts before the 200 leaves: the SRC may answer at once.
        session.Activate(transaction);
        if (!transaction.TrySendFinal(ctx.Ok(request, transaction.LocalTag, channel, answer, dialogCreating: true)))
        {
            // A CANCEL was answered 487 between the recording's start and the 200: the session ends at once.
            await session.EndAsync(SessionEndReason.Bye, sendBye: false).ConfigureAwait(false);
            return true;
        }

        SrsLog.SessionStarted(ctx.Logger, callId, channel.Transport, plan.Streams.Count(s => s.Recorded), route.TenantId, route.CredentialName);
        await session.ApplyInitialActivityAsync(sdp).ConfigureAwait(false);
        return true;
    }

    private bool Cancelled(InviteServerTransaction transaction)
    {
        if (transaction.IsCancelled)
        {
            ctx.Metrics.Refused("cancelled");
            SrsLog.SessionRefused(ctx.Logger, transaction.Channel.Transport, 487, "cancelled");
        }
        else
        {
            Refuse(transaction, ShuttingDown());
        }

        return false;
    }

    private SrsRefusal ShuttingDown() => new(503, "Server shutting down", "draining", [RetryAfter(ctx.Options.RetryAfter)]);

    private static KeyValuePair<string, string> RetryAfter(TimeSpan after) =>
        new(SipHeaderNames.RetryAfter, Math.Max(1, (long)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void Refuse(InviteServerTransaction transaction, SrsRefusal refusal)
    {
        // The slot is free before the SRC hears the refusal: its next INVITE is not refused for a slot already let go.
        if (reserved.TryRemove(transaction, out _))
        {
            registry.Release();
        }

        var response = ctx.Respond(transaction.Request, refusal.Status, refusal.Reason, transaction.LocalTag);
        foreach (var (name, value) in refusal.Headers)
        {
            response.Headers.Add(name, value);
        }

        if (refusal.Status == 415)
        {
            response.Headers.Add(SipHeaderNames.Supported, SrsContext.Supported);
        }

        if (transaction.HasFinalResponse)
        {
            // A CANCEL answered it already (counted as cancelled).
            return;
        }

        // Counted before it leaves, so that whoever reads the answer reads the count too.
        ctx.Metrics.Refused(refusal.Cause);
        SrsLog.SessionRefused(ctx.Logger, transaction.Channel.Transport, refusal.Status, refusal.Cause);
        transaction.TrySendFinal(response);
    }
}
