using System.Collections.Concurrent;
using Grid.Sip.Recording;
using Microsoft.Extensions.Logging;

namespace Grid.Siprec;

/// <summary>
/// Seals that failed because the Grid was unavailable when a session ended: retried every <see cref="Interval"/>
/// until they succeed or <see cref="Window"/> has passed since the session ended (then logged as abandoned: the call
/// keeps every acknowledged chunk and stays unsealed until an operator seals it). Pending seals are lost when the SRS
/// stops (they are logged then).
/// </summary>
public sealed partial class SealRetries(ILogger<SealRetries> logger, TimeSpan? interval = null, TimeSpan? window = null, TimeProvider? time = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Task> pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>Time between attempts.</summary>
    public TimeSpan Interval { get; } = interval ?? TimeSpan.FromSeconds(30);

    /// <summary>How long a seal is retried.</summary>
    public TimeSpan Window { get; } = window ?? TimeSpan.FromHours(1);

    /// <summary>Seals waiting for the Grid.</summary>
    public int Count => pending.Count;

    /// <summary>Retries <paramref name="seal"/> in the background.</summary>
    /// <param name="callId">The Grid call.</param>
    /// <param name="seal">The seal (idempotent).</param>
    public void Add(string callId, Func<CancellationToken, Task> seal)
    {
        lock (pending)
        {
            if (!pending.ContainsKey(callId))
            {
                pending[callId] = Task.Run(() => RetryAsync(callId, seal));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var callId in pending.Keys)
        {
            Abandoned(logger, callId, "the SRS is stopping");
        }

        await stopping.CancelAsync();
        await Task.WhenAll(pending.Values).ContinueWith(_ => { }, TaskScheduler.Default);
        stopping.Dispose();
    }

    private async Task RetryAsync(string callId, Func<CancellationToken, Task> seal)
    {
        var deadline = clock.GetUtcNow() + Window;
        try
        {
            while (clock.GetUtcNow() < deadline)
            {
                await Task.Delay(Interval, clock, stopping.Token);
                try
                {
                    await seal(stopping.Token);
                    SealedLate(logger, callId);
                    return;
                }
                catch (RecordingUnavailableException)
                {
                    // Still out: the next attempt comes after the interval.
                }
            }

            Abandoned(logger, callId, $"the Grid was unavailable for {Window}");
        }
        catch (OperationCanceledException)
        {
            // Stopping: logged by DisposeAsync.
        }
        catch (Exception e)
        {
            Abandoned(logger, callId, e.GetType().Name);
        }
        finally
        {
            lock (pending)
            {
                pending.TryRemove(callId, out _);
            }
        }
    }

    [LoggerMessage(EventId = 12905, Level = LogLevel.Warning, Message = "Recording {CallId} sealed after the Grid came back")]
    private static partial void SealedLate(ILogger logger, string callId);

    [LoggerMessage(EventId = 12906, Level = LogLevel.Error, Message = "Recording {CallId} was not sealed ({Why}); its acknowledged media is durable, the call stays unsealed")]
    private static partial void Abandoned(ILogger logger, string callId, string why);
}
