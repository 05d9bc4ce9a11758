using System.Globalization;
using Grid.Testing.Load;

namespace Grid.LoadTest;

/// <summary>Command-line settings of a load-test run.</summary>
public sealed record LoadTestArguments
{
    public int Calls { get; init; } = 50;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Chunk { get; init; } = TimeSpan.FromMilliseconds(200);

    public MediaProfile Profile { get; init; } = MediaProfile.G711Stereo;

    public bool FindLimit { get; init; }

    public double P99BoundMs { get; init; } = 100;

    public int MaxCalls { get; init; } = 2000;

    public TimeSpan BaselineDuration { get; init; } = TimeSpan.FromSeconds(8);

    public bool Churn { get; init; }

    public double PlaybackMix { get; init; }

    public bool CompareSecurity { get; init; }

    /// <summary>Poisson arrivals with exponential durations (steady state) instead of the synchronized ramp.</summary>
    public bool Poisson { get; init; }

    /// <summary>Mean call duration of Poisson arrivals.</summary>
    public TimeSpan MeanDuration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A burst: this many calls starting within <see cref="BurstWithin"/> (0: no burst scenario).</summary>
    public int Burst { get; init; }

    public TimeSpan BurstWithin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Raw storage ceilings to measure: StageBlock throughput at these write sizes (KB).</summary>
    public IReadOnlyList<int> RawBatchKilobytes { get; init; } = [];

    /// <summary>Raw append-blob ceilings to measure at these write sizes (KB), with 2 and 16 writers.</summary>
    public IReadOnlyList<int> RawAppendKilobytes { get; init; } = [];

    /// <summary>Calls appending back to back in the grid-ingest baseline (enough to fill the group commit).</summary>
    public int IngestWorkers { get; init; } = 256;

    /// <summary>Factor between levels when finding the limit.</summary>
    public double Step { get; init; } = 1.5;

    /// <summary>Log lanes per tenant on the silo (null: the Grid's default).</summary>
    public int? Lanes { get; init; }

    /// <summary>
    /// Poisson arrivals: the longest call (default five mean durations). A cap of at least --duration leaves the
    /// steady-state window as it is (every call in it runs to the window's end) and shortens the drain after it.
    /// </summary>
    public TimeSpan? LongestCall { get; init; }

    /// <summary>Silos in the load test's cluster (1 or 2 on this box; all in the load test's process).</summary>
    public int Silos { get; init; } = 1;

    /// <summary>Group-commit linger (null: the Grid's default).</summary>
    public TimeSpan? Linger { get; init; }

    /// <summary>The lanes wait the linger before every append, not only when the arrival rate says it gathers frames.</summary>
    public bool FixedLinger { get; init; }

    /// <summary>After the load: delete every other recording and measure compaction (reported apart).</summary>
    public bool Compaction { get; init; }

    public string OutputDirectory { get; init; } = Path.Combine("loadtest", "reports");

    /// <summary>The console scenario: seed this many recordings in one tenant and time the console's pages (0: not run).</summary>
    public int ConsoleRecordings { get; init; }

    /// <summary>Minutes of the recording the seek run seeks in (<c>--seek [minutes]</c>); 0: no seek run.</summary>
    public int SeekMinutes { get; init; }

    /// <summary>Listeners during ingest (<c>--listen [listeners]</c>, default 50); 0: no listener run.</summary>
    public int Listeners { get; init; }

    /// <summary>Calls recording at once in the listener run (<c>--listen-calls</c>).</summary>
    public int ListenCalls { get; init; } = 200;

    /// <summary>
    /// How listeners read (<c>--listen-pace</c>): <c>reviewer</c> (default: 256 KiB windows, one every 8 s — double
    /// speed — and a seek to a random place every third window) or <c>full</c> (1 MiB ranges back to back, a stress).
    /// </summary>
    public bool ListenFullSpeed { get; init; }

    /// <summary>Seconds each phase of the listener run records (<c>--listen-seconds</c>).</summary>
    public int ListenSeconds { get; init; } = 60;

    /// <summary>The SIPREC scenario: SIPp through the SRS executable into a silo, instead of the SDK load.</summary>
    public bool Siprec { get; init; }

    /// <summary>Environment variables for the SRS process of the SIPREC scenario (runtime knobs to compare).</summary>
    public IReadOnlyDictionary<string, string> SrsEnvironment { get; init; } = new Dictionary<string, string>();

    public static LoadTestArguments Parse(string[] args)
    {
        var result = new LoadTestArguments();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            result = args[i] switch
            {
                "--calls" => result with { Calls = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--duration" => result with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--chunk-ms" => result with { Chunk = TimeSpan.FromMilliseconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--profile" => result with { Profile = MediaProfile.Parse(Next()) },
                "--find-limit" => result with { FindLimit = true },
                "--p99-bound-ms" => result with { P99BoundMs = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--max-calls" => result with { MaxCalls = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--baseline-seconds" => result with { BaselineDuration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--churn" => result with { Churn = true },
                "--playback-mix" => result with { PlaybackMix = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--compare-security" => result with { CompareSecurity = true },
                "--arrivals" => Next() switch
                {
                    "poisson" => result with { Poisson = true },
                    "ramp" => result with { Poisson = false },
                    var other => throw new ArgumentException($"--arrivals is poisson or ramp, not '{other}'."),
                },
                "--mean-duration" => result with { MeanDuration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--burst" => result with { Burst = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--burst-within" => result with { BurstWithin = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--raw-batch-kb" => result with { RawBatchKilobytes = [.. Next().Split(',').Select(k => int.Parse(k, CultureInfo.InvariantCulture))] },
                "--raw-append-kb" => result with { RawAppendKilobytes = [.. Next().Split(',').Select(k => int.Parse(k, CultureInfo.InvariantCulture))] },
                "--ingest-workers" => result with { IngestWorkers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--step" => result with { Step = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--lanes" => result with { Lanes = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--fixed-linger" => result with { FixedLinger = true },
                "--longest-call" => result with { LongestCall = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--silos" => result with { Silos = int.Parse(Next(), CultureInfo.InvariantCulture) is var n and >= 1 and <= 4 ? n : throw new ArgumentException("--silos is 1 to 4.") },
                "--compaction" => result with { Compaction = true },
                "--linger-ms" => result with { Linger = TimeSpan.FromMilliseconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--out" => result with { OutputDirectory = Next() },
                "--siprec" => result with { Siprec = true },
                "--srs-env" => Next().Split('=', 2) is [var key, var value]
                    ? result with { SrsEnvironment = new Dictionary<string, string>(result.SrsEnvironment) { [key] = value } }
                    : throw new ArgumentException("--srs-env takes KEY=VALUE."),
                "--seek" => result with { SeekMinutes = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? int.Parse(Next(), CultureInfo.InvariantCulture) : 60 },
                "--listen" => result with { Listeners = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? int.Parse(Next(), CultureInfo.InvariantCulture) : 50 },
                "--listen-calls" => result with { ListenCalls = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--listen-pace" => Next() switch
                {
                    "full" => result with { ListenFullSpeed = true },
                    "reviewer" => result with { ListenFullSpeed = false },
                    var other => throw new ArgumentException($"--listen-pace is reviewer or full, not '{other}'."),
                },
                "--listen-seconds" => result with { ListenSeconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--console-pages" => result with { ConsoleRecordings = int.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. See loadtest/README.md."),
            };
        }

        // Poisson arrivals: the first mean duration is the warm-up, the steady state is measured after it. A run no
        // longer than that has no steady state to measure: refused with the reason, never reported as a level.
        if (result.Poisson && result.Duration < result.MeanDuration * 2)
        {
            throw new ArgumentException($"With --arrivals poisson the steady state is measured after one mean duration of warm-up: --duration ({result.Duration.TotalSeconds:0} s) must be at least twice --mean-duration ({result.MeanDuration.TotalSeconds:0} s), e.g. --duration {result.MeanDuration.TotalSeconds * 3:0}.");
        }

        return result;
    }
}
