using Grid.Calls;
using Grid.Client;
using Grid.Errors;
using Grid.Sip.Media;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;
using Microsoft.Extensions.Logging;

namespace Grid.Siprec;

/// <summary>
/// One SIPREC session's Grid call: each media chunk is one Grid chunk (sequence numbers in media order), gaps are
/// reported with their time ranges, an SBC's pause is a Grid pause (source <c>siprec</c>), metadata updates replace
/// the call's metadata, and the end seals the call. A Grid failure that outlasts the SDK's retry deadline becomes a
/// <see cref="RecordingUnavailableException"/>: the server ends the session with a BYE and a Reason.
/// </summary>
internal sealed partial class GridRecordingSink(
    RecordingSession session,
    RecordingStart start,
    CallMetadata metadata,
    string route,
    ILogger logger,
    Action closed,
    SealRetries? sealRetries = null) : IRecordingSink
{
    private CallMetadata current = metadata;
    private bool endReasonRecorded;
    private int disposed;

    public async ValueTask AppendAsync(MediaChunk chunk, CancellationToken cancellationToken) =>
        await GuardAsync(() => session.SendAsync(chunk.Data, cancellationToken), "media");

    public async ValueTask ReportGapAsync(MediaGap gap, CancellationToken cancellationToken) =>
        await GuardAsync(
            () => session.ReportGapsAsync([new MediaGapReport(gap.Channel, (long)gap.From.TotalMilliseconds, Math.Max((long)gap.From.TotalMilliseconds + 1, (long)gap.To.TotalMilliseconds), gap.Cause)], cancellationToken),
            "gap");

    public async ValueTask PauseAsync(TimeSpan at, string reason, CancellationToken cancellationToken) =>
        await GuardAsync(() => session.PauseAsync("siprec-" + reason, "siprec", at, cancellationToken), "pause");

    public async ValueTask ResumeAsync(TimeSpan at, CancellationToken cancellationToken) =>
        await GuardAsync(() => session.ResumeAsync(cancellationToken), "resume");

    public async ValueTask UpdateMetadataAsync(RecordingMetadata updated, CancellationToken cancellationToken)
    {
        var next = SiprecCallMetadata.From(updated, start.Channels, start.Format.MediaType, route);
        await GuardAsync(() => session.UpdateMetadataAsync(next, cancellationToken), "metadata");
        current = next;
    }

    public async Task EndAsync(SessionEndReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await SealAsync(reason, cancellationToken);
        }
        catch (RecordingUnavailableException) when (sealRetries is not null)
        {
            // The Grid is out longer than the retry deadline: what it acknowledged is durable; the seal (with the end
            // reason) is retried in the background until the Grid is back or the retry window ends.
            sealRetries.Add(session.CallId, ct => SealAsync(reason, ct));
            throw;
        }
    }

    private async Task SealAsync(SessionEndReason reason, CancellationToken cancellationToken)
    {
        if (reason != SessionEndReason.Bye && !endReasonRecorded)
        {
            // Why the session ended other than by the SRC's BYE is kept on the call (encrypted with its metadata).
            var tags = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal) { ["srs.end-reason"] = reason.ToString() };
            await GuardAsync(() => session.UpdateMetadataAsync(current with { Tags = tags }, cancellationToken), "end-reason");
            endReasonRecorded = true;
        }

        var summary = await GuardAsync(() => session.EndAsync(cancellationToken), "seal");
        Sealed(logger, summary.TenantId, summary.CallId, summary.ChunkCount, summary.MediaGaps.Count, summary.Pauses.Count, reason.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await session.DisposeAsync();
            closed();
        }
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is GridUnavailableException or GridConnectionRefusedException || (e is GridException g && g.IsTransient))
        {
            Failed(logger, session.CallId, what, e.GetType().Name);
            throw new RecordingUnavailableException($"The Grid did not acknowledge the session's {what} in time.", TimeSpan.Zero, e);
        }
    }

    private Task GuardAsync(Func<Task> operation, string what) => GuardAsync(async () => { await operation(); return true; }, what);

    [LoggerMessage(EventId = 12903, Level = LogLevel.Information, Message = "Recording {TenantId}/{CallId} sealed: {Chunks} chunks, {Gaps} media gaps, {Pauses} pauses, ended by {Reason}")]
    private static partial void Sealed(ILogger logger, string tenantId, string callId, long chunks, int gaps, int pauses, string reason);

    [LoggerMessage(EventId = 12904, Level = LogLevel.Error, Message = "Recording {CallId}: the Grid did not acknowledge the {What} within the retry deadline ({Error}); the session is ended with a BYE")]
    private static partial void Failed(ILogger logger, string callId, string what, string error);
}
