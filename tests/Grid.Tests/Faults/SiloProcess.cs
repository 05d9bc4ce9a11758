using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Grid.Tests.Faults;

/// <summary>A real silo process (silo/Grid.Silo), started with environment configuration, stopped by process id.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private SiloProcess(Process process, int gatewayPort, int httpPort)
    {
        this.process = process;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
    }

    public int GatewayPort { get; }

    /// <summary>The operators' view (dashboard, metrics, health).</summary>
    public int HttpPort { get; }

    public Uri HttpBase => new($"http://127.0.0.1:{HttpPort}/");

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The process's exit code, once it has exited (0 after a graceful stop).</summary>
    public int ExitCode => process.ExitCode;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> environment, int gatewayPort, string workingDirectory, int httpPort)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiloAssembly());
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo process.");
        var silo = new SiloProcess(process, gatewayPort, httpPort);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await PortOpenAsync(gatewayPort) || !await PortOpenAsync(httpPort))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await silo.DisposeAsync();
                throw new InvalidOperationException($"The silo did not open its gateway on {gatewayPort}: {silo.Output}");
            }

            await Task.Delay(100);
        }

        return silo;
    }

    /// <summary>SIGKILL: no shutdown at all.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: the host's graceful shutdown.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 256 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }

    private static async Task<bool> PortOpenAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromMilliseconds(500));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The built silo executable (Grid.Silo.dll) of the same configuration as the tests.</summary>
    public static string SiloAssembly() => HostAssembly("Grid.Silo");

    /// <summary>A built executable of <c>silo/</c> (e.g. <c>Grid.Srs</c>) of the same configuration as the tests.</summary>
    public static string HostAssembly(string project)
    {
        var testDir = AppContext.BaseDirectory;
        var configuration = testDir.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(testDir); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "silo", project, "bin", configuration, "net10.0", project + ".dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{project}.dll ({configuration}) not found; build the solution first.");
    }
}
