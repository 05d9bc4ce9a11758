using System.Diagnostics;
using System.Net;

namespace Grid.Development.Sip;

/// <summary>
/// Runs SIPp (<c>/usr/bin/sipp</c>, Debian package sip-tester) as the recording client: one scenario of this project's
/// <c>Sipp/</c> folder, one call, against a server end point. Each run has its own folder for the message and error
/// traces, which a failed run's result carries. A run that outlives its guard is killed (by its process id).
/// </summary>
public static class SippRunner
{
    /// <summary>Where SIPp is.</summary>
    public const string Binary = "/usr/bin/sipp";

    /// <summary>Whether SIPp is installed (the tests that need it say so when it is not).</summary>
    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>
    /// Starts a scenario; await <see cref="SippRun.WaitAsync"/> for its end. <paramref name="calls"/> calls are made
    /// (more than one: with <c>-r</c>/<c>-l</c> in <paramref name="extraArguments"/> for a rate and a limit); SIPp
    /// fails a call that waits longer than <paramref name="timeout"/> (default 60 s), and the run is killed after
    /// that plus 30 s.
    /// </summary>
    public static SippRun Start(string scenario, IPEndPoint server, string transport, IReadOnlyDictionary<string, string>? keys = null, IEnumerable<string>? extraArguments = null, Action<string>? prepareFolder = null, int calls = 1, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"SIPp is not installed at {Binary}: apt-get install -y sip-tester.");
        }

        var scenarioPath = Path.Combine(AppContext.BaseDirectory, "Sipp", scenario);
        if (!File.Exists(scenarioPath))
        {
            throw new FileNotFoundException("No such SIPp scenario.", scenarioPath);
        }

        var folder = Directory.CreateTempSubdirectory("sipp-").FullName;
        prepareFolder?.Invoke(folder);
        var info = new ProcessStartInfo(Binary)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            $"{server.Address}:{server.Port}",
            "-sf", scenarioPath,
            "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t", transport == "tcp" ? "t1" : "u1",
            "-i", "127.0.0.1",
            "-mp", FreePorts.EvenUdpPair().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-s", "rec",
            "-nostdin",
            "-timeout", $"{(int)Math.Ceiling(limit.TotalSeconds)}s",
            "-timeout_error",
            "-trace_err", "-error_file", Path.Combine(folder, "errors.log"),
            "-trace_msg", "-message_file", Path.Combine(folder, "messages.log"),
        ])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in keys ?? new Dictionary<string, string>())
        {
            info.ArgumentList.Add("-key");
            info.ArgumentList.Add(key);
            info.ArgumentList.Add(value);
        }

        foreach (var argument in extraArguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("SIPp did not start.");
        return new SippRun(process, folder, scenario, limit + TimeSpan.FromSeconds(30));
    }

    /// <summary>Runs a scenario to its end.</summary>
    public static Task<SippResult> RunAsync(string scenario, IPEndPoint server, string transport, IReadOnlyDictionary<string, string>? keys = null, IEnumerable<string>? extraArguments = null, Action<string>? prepareFolder = null) =>
        Start(scenario, server, transport, keys, extraArguments, prepareFolder).WaitAsync();
}
