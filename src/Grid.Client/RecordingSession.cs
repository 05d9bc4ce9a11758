using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Errors;

namespace Grid.Client;

/// <summary>
/// Sends one call's media to the Grid: numbers chunks, keeps at most <see cref="RecorderOptions.MaxInFlight"/>
/// unacknowledged, retries transient failures with the same sequence number (the Grid stores a chunk once), and
/// surfaces the first permanent error on the next call. Not thread-safe: one sender per session.
/// </summary>
public sealed class RecordingSession : IAsyncDisposable
{
    private readonly ICallGrain grain;
    private readonly RecorderOptions options;
    private readonly IGridCredentialSource? credentials;
    private readonly SemaphoreSlim window;
    private readonly TimeProvider time;
    private readonly List<Task> inFlight = [];
    private long nextSequence;
    private long acknowledged;
    private long duplicates;
    private long pausedChunks;
    private Exception? failure;
    private long pausedAt;
    private TimeSpan? autoResumeAfter;

    internal RecordingSession(ICallGrain grain, string callId, RecorderOptions options, long nextSequence = 0, IGridCredentialSource? credentials = null, TimeProvider? time = null)
    {
        if (options.MaxInFlight < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxInFlight is at least 1.");
        }

        this.grain = grain;
        this.options = options;
        this.nextSequence = nextSequence;
        this.credentials = credentials;
        this.time = time ?? TimeProvider.System;
        CallId = callId;
        window = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
    }

    /// <summary>The call id.</summary>
    public string CallId { get; }

    /// <summary>
    /// Raised once per acknowledged chunk, from the acknowledging thread: its sequence number, the time from the
    /// first send attempt to the durable acknowledgement, and the attempts it took. Keep handlers short.
    /// </summary>
    public event Action<ChunkAcknowledgement>? ChunkAcknowledged;

    /// <summary>Chunks the Grid has acknowledged as durable.</summary>
    public long Acknowledged => Interlocked.Read(ref acknowledged);

    /// <summary>Acknowledgements that were duplicates (a retry whose first attempt had landed).</summary>
    public long Duplicates => Interlocked.Read(ref duplicates);

    /// <summary>
    /// True between <see cref="PauseAsync"/> and <see cref="ResumeAsync"/>, or until the Grid's automatic resume
    /// (<see cref="CallPause.AutoResumeAt"/>) has come: the first chunk sent after it is recorded and ends the pause.
    /// </summary>
    public bool IsPaused { get; private set; }

    /// <summary>Chunks given to <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/> while paused: dropped here, never sent.</summary>
    public long PausedChunks => Interlocked.Read(ref pausedChunks);

    /// <summary>The sequence number the next <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/> uses.</summary>
    public long NextSequence => nextSequence;

    /// <summary>
    /// Sends the next chunk with the next sequence number. Returns once the chunk is in flight (waiting while the
    /// window is full); the acknowledgement is awaited by <see cref="FlushAsync"/> or <see cref="EndAsync"/>.
    /// </summary>
    /// <param name="chunk">The media bytes (copied; the caller may reuse the buffer).</param>
    /// <param name="cancellationToken">Cancels waiting for the window.</param>
    /// <returns>The chunk's sequence number.</returns>
    public async Task<long> SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken = default)
    {
        var sequence = nextSequence;
        if (IsPaused && autoResumeAfter is { } after && time.GetElapsedTime(pausedAt) >= after)
        {
            // The Grid ends the pause by itself at the first chunk that reaches it after its limit: send this one.
            IsPaused = false;
            autoResumeAfter = null;
        }

        if (IsPaused)
        {
            // Secure pause: the media never leaves this process. Its sequence number is used up, so the pause's
            // range of sequence numbers says how much media was left out.
            ThrowIfFailed();
            Interlocked.Increment(ref pausedChunks);
            nextSequence = sequence + 1;
            return sequence;
        }

        await SendAsync(sequence, chunk, cancellationToken);
        nextSequence = sequence + 1;
        return sequence;
    }

    /// <summary>Sends a chunk with an explicit sequence number (e.g. when the frontend numbers its own chunks).</summary>
    /// <param name="sequence">The chunk's sequence number.</param>
    /// <param name="chunk">The media bytes (copied).</param>
    /// <param name="cancellationToken">Cancels waiting for the window.</param>
    /// <returns>A task that completes when the chunk is in flight.</returns>
    public async Task SendAsync(long sequence, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        if (chunk.IsEmpty)
        {
            throw new GridValidationException("A chunk holds at least one byte of media.");
        }

        if (sequence < 0)
        {
            throw new GridValidationException("A sequence number is 0 or more.");
        }

        await window.WaitAsync(cancellationToken);
        ThrowIfFailedAndRelease();
        var data = chunk.ToArray();
        lock (inFlight)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            inFlight.Add(AppendAsync(sequence, data));
        }
    }

    /// <summary>Starts the call (retrying transient failures).</summary>
    internal Task<CallSummary> StartAsync(CallMetadata metadata, CancellationToken cancellationToken) =>
        CallAsync(() => grain.StartAsync(metadata), $"Start of call {CallId}", cancellationToken);

    /// <summary>Waits until every chunk sent so far is acknowledged; throws the first permanent error.</summary>
    /// <returns>A task that completes when everything sent is durable.</returns>
    public async Task FlushAsync()
    {
        Task[] pending;
        lock (inFlight)
        {
            pending = [.. inFlight];
        }

        await Task.WhenAll(pending);
        ThrowIfFailed();
    }

    /// <summary>Flushes, then ends and seals the call (retrying transient failures).</summary>
    /// <param name="cancellationToken">Cancels retries.</param>
    /// <returns>The sealed call's summary; gaps in the sequence numbers are listed in it.</returns>
    public async Task<CallSummary> EndAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync();
        return await CallAsync(() => grain.EndAsync(), $"End of call {CallId}", cancellationToken);
    }

    /// <summary>
    /// Pauses recording (secure pause, e.g. while a customer reads out card data): from now on chunks given to
    /// <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/> are dropped in this process and never sent, and
    /// the Grid drops any chunk numbered from here that reaches it. The pause is recorded on the call and audited.
    /// </summary>
    /// <param name="reason">A label: 1–64 characters of a–z, 0–9, '-', '.', '_' (e.g. <c>card-data</c>).</param>
    /// <param name="source">What signalled it: <c>recorder</c> (default) or <c>siprec</c>.</param>
    /// <param name="mediaOffset">Where the pause is in the recorder's own media time, if it keeps one.</param>
    /// <param name="cancellationToken">Cancels retries.</param>
    /// <returns>The call's summary with the open pause last.</returns>
    public async Task<CallSummary> PauseAsync(string reason, string source = "recorder", TimeSpan? mediaOffset = null, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        var request = new PauseRequest(nextSequence, reason, source, mediaOffset is { } at ? (long)at.TotalMilliseconds : null);
        var summary = await CallAsync(() => grain.PauseAsync(request), $"Pause of call {CallId}", cancellationToken);
        IsPaused = true;

        // Measured on this process's clock from the Grid's answer (after its PausedAt), so no chunk leaves this
        // process before the Grid's limit has passed.
        pausedAt = time.GetTimestamp();
        var open = summary.Pauses.Count > 0 ? summary.Pauses[^1] : null;
        autoResumeAfter = open is { ToSequence: null, AutoResumeAt: { } resumeAt } ? resumeAt - open.PausedAt : null;
        return summary;
    }

    /// <summary>Resumes recording after <see cref="PauseAsync"/>: the next chunk sent is recorded.</summary>
    /// <param name="cancellationToken">Cancels retries.</param>
    /// <returns>The call's summary with the pause closed.</returns>
    public async Task<CallSummary> ResumeAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        var from = nextSequence;
        var summary = await CallAsync(() => grain.ResumeAsync(from), $"Resume of call {CallId}", cancellationToken);
        IsPaused = false;
        autoResumeAfter = null;
        return summary;
    }

    /// <summary>Reports media the frontend expected and did not get (lost packets, a silent source), durable on return.</summary>
    /// <param name="gaps">1 to 100 gaps.</param>
    /// <param name="cancellationToken">Cancels retries.</param>
    /// <returns>A task that completes when the report is durable.</returns>
    public Task ReportGapsAsync(IReadOnlyList<MediaGapReport> gaps, CancellationToken cancellationToken = default) =>
        CallAsync(async () => { await grain.ReportMediaGapsAsync(gaps); return true; }, $"Gap report of call {CallId}", cancellationToken);

    /// <summary>Replaces the call's metadata with the frontend's merged view (a participant joined or left, a transfer).</summary>
    /// <param name="metadata">The whole metadata as it is now (same media type).</param>
    /// <param name="cancellationToken">Cancels retries.</param>
    /// <returns>The call's summary.</returns>
    public Task<CallSummary> UpdateMetadataAsync(CallMetadata metadata, CancellationToken cancellationToken = default)
    {
        CallMetadataRules.Validate(metadata);
        return CallAsync(() => grain.UpdateMetadataAsync(metadata), $"Metadata update of call {CallId}", cancellationToken);
    }

    /// <summary>Waits for chunks in flight; does not end the call.</summary>
    /// <returns>A task that completes when nothing is in flight.</returns>
    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (inFlight)
        {
            pending = [.. inFlight];
        }

        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception)
        {
            // Failures were recorded in 'failure' and surfaced to the sender; disposal does not throw.
        }

        window.Dispose();
    }

    private async Task AppendAsync(long sequence, byte[] data)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var attempts = 0;
            var result = await CallAsync(
                () =>
                {
                    attempts++;
                    return grain.AppendAsync(sequence, data);
                },
                $"Chunk {sequence} of call {CallId}",
                CancellationToken.None);
            Interlocked.Increment(ref acknowledged);
            if (result.Duplicate)
            {
                Interlocked.Increment(ref duplicates);
            }

            ChunkAcknowledged?.Invoke(new ChunkAcknowledgement(sequence, System.Diagnostics.Stopwatch.GetElapsedTime(started), attempts, result.Duplicate));
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
        }
        finally
        {
            window.Release();
        }
    }

    /// <summary>Runs a grain call with retries, under the session's own credential when it has one.</summary>
    private Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken) =>
        credentials is null
            ? Retry.RunAsync(call, options, what, cancellationToken)
            : Retry.RunAsync(
                async () =>
                {
                    using (GridCredentials.Use(await credentials.GetTokenAsync(cancellationToken)))
                    {
                        return await call();
                    }
                },
                options,
                what,
                cancellationToken);

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref failure) is { } e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        }
    }

    private void ThrowIfFailedAndRelease()
    {
        if (Volatile.Read(ref failure) is not null)
        {
            window.Release();
            ThrowIfFailed();
        }
    }
}
