using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Grid.Calls;
using Grid.Client;
using HdrHistogram;

namespace Grid.Testing.Load;

/// <summary>
/// N simulated recorder frontends, each streaming one call's media at real-time pace through the recorder SDK, then
/// (optionally) reading every recording back and comparing it with what was sent (the client's credential must then
/// hold the analyst role as well as the recorder role). Used by the load test and by the
/// fault tests (kill a silo, stop storage) in tests/.
/// </summary>
public sealed class RealtimeCallLoad(GridRecorder recorder, GridPlayback playback)
{
    public async Task<LoadResult> RunAsync(LoadOptions options, CancellationToken cancellationToken = default)
    {
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(120), 3);
        var starts = new LongConcurrentHistogram(1, TimeStamp.Seconds(120), 3);
        var acks = new ConcurrentQueue<(long At, long LatencyMicros)>();
        var schedule = options.Schedule ?? CallSchedule.Ramp(options.Calls, options.CallDuration, options.RampUp);
        var clock = Stopwatch.StartNew();
        var calls = schedule.Select(async (call, i) =>
        {
            await Task.Delay(call.Start, cancellationToken);
            return await RunCallAsync(i, call.Duration, options, histogram, starts, acks, clock, cancellationToken);
        }).ToList();
        var results = await Task.WhenAll(calls);
        var loadElapsed = clock.Elapsed;
        options.LoadFinished?.Invoke();

        var verified = 0;
        var lost = 0L;
        if (options.Verify)
        {
            await Parallel.ForEachAsync(results.Where(r => r.Error is null), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (call, token) =>
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long bytes = 0;
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await foreach (var chunk in playback.ReadAsync(options.TenantId, call.CallId, token))
                        {
                            sha.AppendData(chunk);
                            bytes += chunk.Length;
                        }

                        break;
                    }
                    catch (TimeoutException) when (attempt < 3)
                    {
                        // A page that did not arrive within the client's response timeout (storage busy with the
                        // other reads of the verification) is a slow read, not a loss: read the recording again.
                        sha.GetHashAndReset();
                        bytes = 0;
                    }
                }

                if (Convert.ToHexStringLower(sha.GetHashAndReset()) == call.SourceSha256)
                {
                    Interlocked.Increment(ref verified);
                }
                else
                {
                    Interlocked.Add(ref lost, Math.Max(1, (call.SentBytes - bytes) / Math.Max(1, options.Profile.ChunkBytes(options.ChunkDuration))));
                }
            });
        }

        var ackTimes = acks.Select(a => a.At).Order().ToList();
        var longestSilence = ackTimes.Count < 2 ? 0 : ackTimes.Zip(ackTimes.Skip(1), (a, b) => b - a).Max();
        return new LoadResult(results, histogram, verified, lost, TimeSpan.FromTicks(longestSilence), clock.Elapsed)
        {
            Acks = [.. acks.OrderBy(a => a.At).Select(a => (TimeSpan.FromTicks(a.At), a.LatencyMicros))],
            StartLatencyMicros = starts,
            Schedule = schedule,
            LoadElapsed = loadElapsed,
        };
    }

    private async Task<CallResult> RunCallAsync(int index, TimeSpan duration, LoadOptions options, LongConcurrentHistogram histogram, LongConcurrentHistogram starts, ConcurrentQueue<(long, long)> acks, Stopwatch clock, CancellationToken cancellationToken)
    {
        var callId = $"{options.CallIdPrefix}-{index:D5}";
        var chunkBytes = options.Profile.ChunkBytes(options.ChunkDuration);
        var chunks = Math.Max(1, (int)Math.Ceiling(duration / options.ChunkDuration));
        var random = new Random(HashCode.Combine(options.Seed, index));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long sent = 0;
        long acked = 0;
        var maxLatency = TimeSpan.Zero;
        try
        {
            var metadata = new CallMetadata
            {
                Direction = CallDirection.Inbound,
                MediaType = "audio/" + options.Profile.Name,
                Participants = [new Participant("customer", $"+1 555 01{index % 100:D2}"), new Participant("agent", $"agent-{index}")],
            };
            var startedAt = clock.Elapsed;
            await using var session = await recorder.StartCallAsync(options.TenantId, callId, metadata, cancellationToken);
            starts.RecordValue(Math.Max(1, (long)((clock.Elapsed - startedAt).TotalMilliseconds * 1000)));
            session.ChunkAcknowledged += ack =>
            {
                var micros = Math.Max(1, (long)(ack.Latency.TotalMilliseconds * 1000));
                histogram.RecordValue(micros);
                acks.Enqueue((clock.Elapsed.Ticks, micros));
                Interlocked.Increment(ref acked);
                lock (sha)
                {
                    if (ack.Latency > maxLatency)
                    {
                        maxLatency = ack.Latency;
                    }
                }
            };
            var start = clock.Elapsed;
            var buffer = new byte[chunkBytes];
            for (var c = 0; c < chunks; c++)
            {
                var due = start + (options.ChunkDuration * (c + 1));
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                random.NextBytes(buffer);
                sha.AppendData(buffer);
                sent += buffer.Length;
                await session.SendAsync(buffer, cancellationToken);
            }

            var summary = await session.EndAsync(cancellationToken);
            return new CallResult(callId, Convert.ToHexStringLower(sha.GetHashAndReset()), sent, Interlocked.Read(ref acked), summary.ChunkCount, maxLatency, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new CallResult(callId, string.Empty, sent, Interlocked.Read(ref acked), 0, maxLatency, e);
        }
    }
}
