using Grid.Sip.Media;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;
using Grid.Sip.Sdp;
using Grid.Sip.Sip;
using Grid.Sip.Sip.Transactions;
using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Server;

/// <summary>
/// One answered recording session: its dialog, its media, its metadata. Requests in the dialog are handled one at a
/// time (re-INVITE and UPDATE change media or metadata, pause or resume; BYE ends it); the session ends itself when the
/// 2xx gets no ACK, the media fails (the Grid refused it) or nothing arrived for the inactivity timeout, and then sends
/// BYE with a Reason header.
/// </summary>
internal sealed class RecordingSession
{
    private readonly SrsContext _ctx;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SipDialog _dialog;
    private readonly ISipChannel _channel;
    private readonly IDisposable? _hold;
    private readonly MediaSession _media;
    private readonly IRecordingSink _sink;
    private readonly MediaPlan _plan;
    private readonly long _sdpSessionId;
    private readonly Action<RecordingSession> _removed;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _startedAt;
    private RecordingMetadata _metadata;
    private string _answer;
    private long _sdpVersion;
    private InviteServerTransaction? _awaitingAck;
    private long _lastSipTicks;
    private ITimer? _inactivityTimer;
    private Task<SipResponse?> _bye = Task.FromResult<SipResponse?>(null);
    private int _ending;
    private bool _closed;

    public RecordingSession(
        SrsContext ctx,
        string callId,
        SipDialog dialog,
        ISipChannel channel,
        MediaSession media,
        IRecordingSink sink,
        MediaPlan plan,
        RecordingMetadata metadata,
        string answer,
        long sdpSessionId,
        Action<RecordingSession> removed)
    {
        _ctx = ctx;
        CallId = callId;
        _dialog = dialog;
        _channel = channel;
        _hold = channel is SipStreamConnection connection ? connection.Hold() : null;
        _media = media;
        _sink = sink;
        _plan = plan;
        _metadata = metadata;
        _answer = answer;
        _sdpSessionId = sdpSessionId;
        _sdpVersion = 1;
        _removed = removed;
        _startedAt = ctx.Time.GetUtcNow();
        TouchSip();
    }

    /// <summary>The Grid call id.</summary>
    public string CallId { get; }

    /// <summary>The dialog's key.</summary>
    public string Key => _dialog.Key;

    /// <summary>Completes when the session has ended (media ended, recording sealed).</summary>
    public Task Completion => _ended.Task;

    /// <summary>The BYE this server sent (its final response, or null when none came), when it sent one.</summary>
    public Task<SipResponse?> ByeCompletion => _bye;

    /// <summary>Whether the SRC has paused the recording.</summary>
    public bool IsPaused => _media.IsPaused;

    /// <summary>The dialog's transport.</summary>
    public string Transport => _channel.Transport;

    /// <summary>Starts watching: the ACK of the 2xx, the media's failure, inactivity.</summary>
    public void Activate(InviteServerTransaction invite)
    {
        _awaitingAck = invite;
        _ = WatchAckAsync(invite);
        _ = WatchMediaAsync();
        _inactivityTimer = _ctx.Time.CreateTimer(static s => ((RecordingSession)s!).CheckInactivity(), this, _ctx.Options.InactivityTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The ACK of a 2xx in this dialog.</summary>
    public void OnAck(SipRequest ack)
    {
        TouchSip();
        var pending = _awaitingAck;
        if (pending is not null && ack.CSeq?.Number == pending.Request.CSeq?.Number)
        {
            pending.OnAckForSuccess();
        }
    }

    /// <summary>A request in the dialog (not ACK, not CANCEL).</summary>
    public async Task HandleAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        var endAfter = false;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed || Volatile.Read(ref _ending) != 0)
            {
                transaction.TrySendFinal(_ctx.Respond(request, 481));
                return;
            }

            TouchSip();
            if (!_dialog.TryAcceptRemoteCSeq(request.CSeq!.Value.Number))
            {
                transaction.TrySendFinal(_ctx.Respond(request, 500, "CSeq out of order"));
                return;
            }

            switch (request.Method)
            {
                case SipMethods.Bye:
                    // The dialog is over from here: later requests get 481 even before the recording has ended.
                    _closed = true;
                    _removed(this);
                    transaction.TrySendFinal(_ctx.Respond(request, 200));
                    endAfter = true;
                    break;
                case SipMethods.Invite:
                    await ReInviteAsync((InviteServerTransaction)transaction).ConfigureAwait(false);
                    break;
                case SipMethods.Update:
                    await UpdateAsync(transaction).ConfigureAwait(false);
                    break;
                case SipMethods.Options:
                    var options = _ctx.Respond(request, 200);
                    SrsContext.AddCapabilities(options);
                    transaction.TrySendFinal(options);
                    break;
                default:
                    var refused = _ctx.Respond(request, 405);
                    refused.Headers.Add(SipHeaderNames.Allow, SrsContext.Allow);
                    transaction.TrySendFinal(refused);
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (endAfter)
        {
            await EndAsync(SessionEndReason.Bye, sendBye: false).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the session once: leaves the registry (later requests get 481), sends BYE with a Reason header when
    /// <paramref name="sendBye"/>, ends the media (which seals the recording with <paramref name="reason"/>) within the
    /// shutdown timeout.
    /// </summary>
    public async Task EndAsync(SessionEndReason reason, bool sendBye)
    {
        if (Interlocked.Exchange(ref _ending, 1) != 0)
        {
            await _ended.Task.ConfigureAwait(false);
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_inactivityTimer is not null)
            {
                await _inactivityTimer.DisposeAsync().ConfigureAwait(false);
            }

            // RFC 3261 section 15: no BYE on a dialog whose 2xx is not yet acknowledged. The ACK is waited for (a
            // shutdown right after an answer) while the session is still registered, so that the ACK finds it; at most
            // the shutdown timeout.
            if (sendBye && reason != SessionEndReason.NoAck && _awaitingAck is { Acknowledged.IsCompleted: false } unacknowledged)
            {
                try
                {
                    await unacknowledged.Acknowledged.WaitAsync(_ctx.Options.ShutdownTimeout, _ctx.Time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }

            _removed(this);
            if (sendBye)
            {
                _bye = SendBye(reason);
                SrsLog.SessionFailed(_ctx.Logger, CallId, SrsMetrics.ReasonTag(reason));
            }

            try
            {
                await _media.EndAsync(reason, CancellationToken.None).WaitAsync(_ctx.Options.ShutdownTimeout, _ctx.Time).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                SrsLog.EndFailed(_ctx.Logger, CallId, ex.GetType().Name, ex);
            }

            var counters = SafeCounters();
            try
            {
                await _media.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                SrsLog.EndFailed(_ctx.Logger, CallId, ex.GetType().Name, ex);
            }

            try
            {
                // The media session ended the sink; it does not dispose it.
                await _sink.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                SrsLog.EndFailed(_ctx.Logger, CallId, ex.GetType().Name, ex);
            }

            _ctx.Metrics.Ended(reason);
            if (counters is not null)
            {
                _ctx.Metrics.Media(counters);
            }

            SrsLog.SessionEnded(_ctx.Logger, CallId, SrsMetrics.ReasonTag(reason), (_ctx.Time.GetUtcNow() - _startedAt).TotalSeconds, counters?.Received ?? 0, counters?.Lost ?? 0);
        }
        finally
        {
            _hold?.Dispose();
            _gate.Release();
            _ended.TrySetResult();
        }
    }

    /// <summary>Pauses at once when the initial offer already marks every recorded stream inactive.</summary>
    public async Task ApplyInitialActivityAsync(SdpSession offer)
    {
        var cause = AllInactiveCause(offer, _plan);
        if (cause is not null)
        {
            await _media.PauseAsync(cause, CancellationToken.None).ConfigureAwait(false);
            SrsLog.SessionPaused(_ctx.Logger, CallId);
        }
    }

    /// <summary>The cause shared by all recorded streams of <paramref name="plan"/> being inactive in <paramref name="offer"/>, or null when one is active.</summary>
    public static string? AllInactiveCause(SdpSession offer, MediaPlan plan)
    {
        string? cause = null;
        foreach (var stream in plan.Streams)
        {
            if (!stream.Recorded || stream.MediaIndex >= offer.Media.Count)
            {
                continue;
            }

            var inactive = StreamActivity.InactiveCause(offer.Media[stream.MediaIndex], stream);
            if (inactive is null)
            {
                return null;
            }

            cause ??= inactive;
        }

        return cause;
    }

    private async Task ReInviteAsync(InviteServerTransaction transaction)
    {
        var request = transaction.Request;
        var (refusal, answer) = await ApplyAsync(request).ConfigureAwait(false);
        if (refusal is not null)
        {
            transaction.TrySendFinal(Refuse(request, refusal));
            return;
        }

        _dialog.RefreshTarget(request);

        // A re-INVITE without SDP asks for an offer: the current session description is offered again (same version).
        transaction.TrySendFinal(_ctx.Ok(request, _dialog.LocalTag, transaction.Channel, answer ?? _answer, dialogCreating: false));
        _awaitingAck = transaction;
        _ = WatchAckAsync(transaction);
    }

    private async Task UpdateAsync(ServerTransaction transaction)
    {
        var request = transaction.Request;
        var (refusal, answer) = await ApplyAsync(request).ConfigureAwait(false);
        if (refusal is not null)
        {
            transaction.TrySendFinal(Refuse(request, refusal));
            return;
        }

        _dialog.RefreshTarget(request);
        transaction.TrySendFinal(_ctx.Ok(request, _dialog.LocalTag, transaction.Channel, answer, dialogCreating: false));
    }

    /// <summary>
    /// Reads a re-INVITE's or UPDATE's body and applies it: everything is checked first (a refusal changes nothing,
    /// RFC 3261 §14.2), then the metadata is merged and passed on, the answer kept, and the media paused or resumed.
    /// </summary>
    private async Task<(SrsRefusal? Refusal, string? Answer)> ApplyAsync(SipRequest request)
    {
        var offer = SessionOffer.Read(request, initial: false, out var refusal);
        if (offer is null)
        {
            return (refusal, null);
        }

        RecordingMetadata? merged = null;
        if (offer.Metadata is not null)
        {
            try
            {
                merged = RecordingMetadataParser.Merge(_metadata, offer.Metadata);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                return (new SrsRefusal(400, "Unusable metadata update: " + ex.Message, "malformed-metadata"), null);
            }
        }

        string? answer = null;
        string? pauseCause = null;
        var active = false;
        if (offer.Sdp is not null)
        {
            var plan = MediaPlan.Plan(offer.Sdp, merged ?? _metadata);
            var mapped = plan is null ? null : MapToRecording(offer.Sdp, plan);
            if (mapped is null)
            {
                return (NoCodec(), null);
            }

            answer = SdpAnswer.Build(offer.Sdp, mapped.Value.Plan, mapped.Value.Ports, _ctx.MediaAddress, _sdpSessionId, _sdpVersion + 1);
            pauseCause = AllInactiveCause(offer.Sdp, mapped.Value.Plan) ?? (mapped.Value.Plan.Streams.Any(s => s.Recorded) ? null : "port-zero");
            active = pauseCause is null;
        }

        if (answer is not null)
        {
            _sdpVersion++;
            _answer = answer;
        }

        if (merged is not null)
        {
            _metadata = merged;
            await _media.UpdateMetadataAsync(merged, CancellationToken.None).ConfigureAwait(false);
            SrsLog.MetadataUpdated(_ctx.Logger, CallId, merged.Participants.Count);
        }

        if (pauseCause is not null && !_media.IsPaused)
        {
            await _media.PauseAsync(pauseCause, CancellationToken.None).ConfigureAwait(false);
            SrsLog.SessionPaused(_ctx.Logger, CallId);
        }
        else if (active && _media.IsPaused)
        {
            await _media.ResumeAsync(CancellationToken.None).ConfigureAwait(false);
            _inactivityTimer?.Change(_ctx.Options.InactivityTimeout, Timeout.InfiniteTimeSpan);
            SrsLog.SessionResumed(_ctx.Logger, CallId);
        }

        return (null, answer);
    }

    /// <summary>
    /// Maps a new offer's plan onto the streams being recorded (their ports and channels are fixed for the session):
    /// a stream matched by label (or by position when unlabelled) keeps its port, channel and payload type; a stream
    /// that is new, or disabled with port 0, is answered with port 0. Null when a recorded stream's codec is no longer offered.
    /// </summary>
    private (MediaPlan Plan, IReadOnlyList<int> Ports)? MapToRecording(SdpSession offer, MediaPlan plan)
    {
        var streams = new List<PlannedStream>(plan.Streams.Count);
        var ports = new List<int>(plan.Streams.Count);
        foreach (var stream in plan.Streams)
        {
            var originalIndex = FindOriginal(stream);
            var media = stream.MediaIndex < offer.Media.Count ? offer.Media[stream.MediaIndex] : null;
            if (originalIndex < 0 || media is null || media.Port == 0)
            {
                streams.Add(stream with { Recorded = false, Channel = -1 });
                ports.Add(0);
                continue;
            }

            var original = _plan.Streams[originalIndex];
            if (!media.Formats.Contains(original.PayloadType))
            {
                return null;
            }

            streams.Add(stream with { Recorded = true, PayloadType = original.PayloadType, Codec = original.Codec, Channel = original.Channel });
            ports.Add(_media.Ports[originalIndex]);
        }

        return (new MediaPlan(streams, _plan.Format), ports);
    }

    private int FindOriginal(PlannedStream stream)
    {
        for (var i = 0; i < _plan.Streams.Count; i++)
        {
            var original = _plan.Streams[i];
            if (!original.Recorded)
            {
                continue;
            }

            var matches = stream.Label.Length > 0 || original.Label.Length > 0
                ? string.Equals(original.Label, stream.Label, StringComparison.Ordinal)
                : original.MediaIndex == stream.MediaIndex;
            if (matches)
            {
                return i;
            }
        }

        return -1;
    }

    private SipResponse Refuse(SipRequest request, SrsRefusal refusal)
    {
        SrsLog.InDialogRefused(_ctx.Logger, request.Method, CallId, refusal.Status, refusal.Cause);
        var response = _ctx.Respond(request, refusal.Status, refusal.Reason, _dialog.LocalTag);
        foreach (var (name, value) in refusal.Headers)
        {
            response.Headers.Add(name, value);
        }

        return response;
    }

    /// <summary>The 488 of an offer with no codec the server records (RFC 3261 Warning 305).</summary>
    public static SrsRefusal NoCodec() =>
        new(488, "Not Acceptable Here", "no-codec", [new(SipHeaderNames.Warning, "305 grid-srs \"No offered audio stream has a codec the recorder takes (PCMU, PCMA)\"")]);

    private Task<SipResponse?> SendBye(SessionEndReason reason)
    {
        var channel = _ctx.OutboundChannel(_dialog, _channel);
        if (channel is null)
        {
            SrsLog.ByeUnanswered(_ctx.Logger, CallId, "connection-closed");
            return Task.FromResult<SipResponse?>(null);
        }

        var bye = _dialog.CreateRequest(SipMethods.Bye, _ctx.NewVia(channel), _ctx.Options.UserAgent);
        bye.Headers.Add(SipHeaderNames.Reason, ReasonHeader(reason));
        var completion = _ctx.Transactions.SendRequest(bye, channel).Completion;
        _ = completion.ContinueWith(
            (t, s) =>
            {
                var session = (RecordingSession)s!;
                if (t.Result is null)
                {
                    SrsLog.ByeUnanswered(session._ctx.Logger, session.CallId, "timeout");
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
        return completion;
    }

    /// <summary>The Reason header (RFC 3326) of a BYE this server sends.</summary>
    public static string ReasonHeader(SessionEndReason reason) => reason switch
    {
        SessionEndReason.SourceVanished => "SIP;cause=408;text=\"No SIP or RTP from the recording client\"",
        SessionEndReason.GridUnavailable => "SIP;cause=503;text=\"Recording storage unavailable\"",
        SessionEndReason.Shutdown => "SIP;cause=503;text=\"Recording server shutting down\"",
        SessionEndReason.NoAck => "SIP;cause=408;text=\"No ACK for the 200 OK\"",
        _ => "SIP;cause=200;text=\"Call completed\"",
    };

    private async Task WatchAckAsync(InviteServerTransaction invite)
    {
        if (!await invite.Acknowledged.ConfigureAwait(false))
        {
            await EndAsync(SessionEndReason.NoAck, sendBye: true).ConfigureAwait(false);
        }
    }

    private async Task WatchMediaAsync()
    {
        try
        {
            await _media.Failure.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (Volatile.Read(ref _ending) == 0)
            {
                await EndAsync(SessionEndReason.GridUnavailable, sendBye: true).ConfigureAwait(false);
            }
        }
    }

    private void TouchSip() => Interlocked.Exchange(ref _lastSipTicks, _ctx.Time.GetUtcNow().UtcTicks);

    private void CheckInactivity()
    {
        if (Volatile.Read(ref _ending) != 0)
        {
            return;
        }

        var now = _ctx.Time.GetUtcNow();
        var lastSip = new DateTimeOffset(Interlocked.Read(ref _lastSipTicks), TimeSpan.Zero);
        var paused = _media.IsPaused;
        var last = paused || _media.LastPacketAt < lastSip ? lastSip : _media.LastPacketAt;
        var limit = paused ? _ctx.Options.PausedInactivityTimeout : _ctx.Options.InactivityTimeout;
        var idle = now - last;
        if (idle >= limit)
        {
            _ = EndAsync(SessionEndReason.SourceVanished, sendBye: true);
            return;
        }

        _inactivityTimer?.Change(limit - idle, Timeout.InfiniteTimeSpan);
    }

    private MediaCounters? SafeCounters()
    {
        try
        {
            return _media.Counters;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}
