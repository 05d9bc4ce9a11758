using System.Diagnostics;
using Grid.LoadTest.Scenarios;

namespace Grid.LoadTest.Report;

/// <summary>
/// What the host process measured over the load phase of a level (the generator's connection set-up and its
/// verification reads excluded): storage requests and bytes the silo sent, group-commit batches, CPU of the silo
/// (this process), of Azurite and of the generator.
/// </summary>
public sealed record HostMeasurements
{
    public long StorageRequests { get; init; }

    public double RequestsPerCallMinute { get; init; }

    /// <summary>Requests per second with no call running (the event-stream pollers).</summary>
    public double IdleRequestsPerSecond { get; init; }

    /// <summary>Requests per call-minute once the idle rate is taken off: what calls cost.</summary>
    public double RequestsPerCallMinuteBeyondIdle { get; init; }

    /// <summary>Of those: blob requests (log appends, manifests, grain state, audit, retention is a table).</summary>
    public double BlobRequestsPerCallMinute { get; init; }

    public double QueueRequestsPerCallMinute { get; init; }

    public double TableRequestsPerCallMinute { get; init; }

    /// <summary>Log appends (group-commit batches) per call-minute.</summary>
    public double LogAppendsPerCallMinute { get; init; }

    public double BytesWrittenPerMediaByte { get; init; }

    /// <summary>
    /// Requests per call-minute by operation, each beyond its own idle rate, largest first (operations under 0.05 per
    /// call-minute left out): where a call's requests go.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>> RequestsByOperation { get; init; } = [];

    /// <summary>
    /// Poisson arrivals: the same measures over the steady-state window only (from one mean duration after the first
    /// start to the end of arrivals), where the level's concurrency holds; the whole level also counts the ramp and the
    /// drain, when few calls share each append. The generator's CPU is not split by window (0 here).
    /// </summary>
    public HostMeasurements? SteadyState { get; init; }

    /// <summary>Seconds of call in the steady-state window (from the schedule).</summary>
    public double WindowCallSeconds { get; init; }

    /// <summary>With several silos: the calls of the level placed on each (call-grain activations added), by silo address.</summary>
    public IReadOnlyDictionary<string, int> CallsBySilo { get; init; } = new Dictionary<string, int>();

    /// <summary>Bytes the silo's process allocated per chunk acknowledged during the load phase (the host process; the generator runs apart).</summary>
    public double AllocatedBytesPerChunk { get; init; }

    public double MeanBatchBytes { get; init; }

    public double MeanBatchFrames { get; init; }

    public double SiloCpuShare { get; init; }

    public double AzuriteCpuShare { get; init; }

    public double GeneratorCpuShare { get; init; }

    /// <summary>Silo CPU milliseconds per second of call recorded (CPU per call, in real time).</summary>
    public double SiloCpuMillisPerCallSecond { get; init; }

    public double PlaybackMegabytesPerSecond { get; init; }

    /// <summary>Silo and Azurite shares of the machine with no call running (timers, pollers), measured before the level.</summary>
    public double[] IdleCpuShare { get; init; } = [];

    /// <summary>
    /// CPU milliseconds per second of call recorded, beyond each process's idle: silo, Azurite, generator, total
    /// (the generator's whole use counts). What one more concurrent call costs the machine.
    /// </summary>
    public double[] CpuMillisPerCallSecondBeyondIdle { get; init; } = [];

    /// <summary>Storage append of the log: p50 and p99 in ms.</summary>
    public double[] LogAppendMs { get; init; } = [];

    /// <summary>Frame arrival at the group commit to durable append: p50 and p99 in ms.</summary>
    public double[] FrameMs { get; init; } = [];

    /// <summary>In the call grain, receipt to durable acknowledgement: p50 and p99 in ms.</summary>
    public double[] GrainAppendMs { get; init; } = [];

    public static (TimeSpan Silo, TimeSpan Azurite) CpuNow(int azuritePid)
    {
        TimeSpan azurite;
        try
        {
            azurite = Process.GetProcessById(azuritePid).TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            azurite = TimeSpan.Zero;
        }

        return (Process.GetCurrentProcess().TotalProcessorTime, azurite);
    }

    public static HostMeasurements Of(StorageMeter.Snapshot storage, (TimeSpan Silo, TimeSpan Azurite) before, (TimeSpan Silo, TimeSpan Azurite) after, TimeSpan elapsed, LevelOutcome outcome)
    {
        var machine = elapsed.TotalSeconds * Environment.ProcessorCount;
        var callMinutes = outcome.CallSeconds / 60;
        return new HostMeasurements
        {
            StorageRequests = storage.Requests,
            RequestsPerCallMinute = callMinutes == 0 ? 0 : storage.Requests / callMinutes,
            BlobRequestsPerCallMinute = callMinutes == 0 ? 0 : storage.BlobRequests / callMinutes,
            QueueRequestsPerCallMinute = callMinutes == 0 ? 0 : storage.QueueRequests / callMinutes,
            TableRequestsPerCallMinute = callMinutes == 0 ? 0 : storage.TableRequests / callMinutes,
            LogAppendsPerCallMinute = callMinutes == 0 ? 0 : storage.Batches / callMinutes,
            BytesWrittenPerMediaByte = outcome.SentBytes == 0 ? 0 : storage.BytesWritten / (double)outcome.SentBytes,
            AllocatedBytesPerChunk = outcome.AckedChunks == 0 ? 0 : storage.AllocatedBytes / (double)outcome.AckedChunks,
            MeanBatchBytes = storage.MeanBatchBytes,
            MeanBatchFrames = storage.MeanBatchFrames,
            SiloCpuShare = (after.Silo - before.Silo).TotalSeconds / machine,
            AzuriteCpuShare = (after.Azurite - before.Azurite).TotalSeconds / machine,
            GeneratorCpuShare = outcome.GeneratorCpuSeconds / machine,
            SiloCpuMillisPerCallSecond = outcome.CallSeconds == 0 ? 0 : (after.Silo - before.Silo).TotalMilliseconds / outcome.CallSeconds,
        };
    }

    /// <summary>Requests per call-minute by operation, each less its rate in <paramref name="idle"/> (measured over <paramref name="idleSeconds"/>).</summary>
    public HostMeasurements WithOperations(StorageMeter.Snapshot storage, StorageMeter.Snapshot idle, double idleSeconds, TimeSpan elapsed, LevelOutcome outcome)
    {
        var callMinutes = outcome.CallSeconds / 60;
        if (callMinutes == 0)
        {
            return this;
        }

        var rows = storage.Operations
            .Select(o => KeyValuePair.Create(o.Key, (o.Value - (idle.Operations.GetValueOrDefault(o.Key) / idleSeconds * elapsed.TotalSeconds)) / callMinutes))
            .Where(o => Math.Abs(o.Value) >= 0.05)
            .OrderByDescending(o => o.Value)
            .ToList();
        return this with { RequestsByOperation = rows };
    }

    /// <summary>Adds the idle shares and the CPU per call-second beyond them.</summary>
    public HostMeasurements WithIdle(double siloIdleShare, double azuriteIdleShare, TimeSpan elapsed, LevelOutcome outcome)
    {
        var machineMillis = elapsed.TotalMilliseconds * Environment.ProcessorCount;
        double PerCallSecond(double share, double idle) => outcome.CallSeconds == 0 ? 0 : Math.Max(0, share - idle) * machineMillis / outcome.CallSeconds;
        var silo = PerCallSecond(SiloCpuShare, siloIdleShare);
        var azurite = PerCallSecond(AzuriteCpuShare, azuriteIdleShare);
        var generator = PerCallSecond(GeneratorCpuShare, 0);
        return this with { IdleCpuShare = [siloIdleShare, azuriteIdleShare], CpuMillisPerCallSecondBeyondIdle = [silo, azurite, generator, silo + azurite + generator] };
    }
}
