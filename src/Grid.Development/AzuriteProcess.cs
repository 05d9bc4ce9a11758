using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Grid.Development;

/// <summary>
/// Starts the Azure Storage emulator (npm package <c>azurite</c>) on 127.0.0.1 and stops it by process id.
/// Finds it in a <c>node_modules</c> folder above the working directory or the application, installing it there
/// with <c>npm install</c> when the repository's <c>package.json</c> is found but the package is not installed yet.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output;

    private AzuriteProcess(Process process, StringBuilder output, LocalEmulatorOptions options)
    {
        this.process = process;
        this.output = output;
        Options = options;
    }

    public LocalEmulatorOptions Options { get; }

    public int ProcessId => process.Id;

    /// <summary>True when something accepts connections on all three emulator ports.</summary>
    public static async Task<bool> IsListeningAsync(LocalEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        foreach (var port in new[] { options.BlobPort, options.QueuePort, options.TablePort })
        {
            if (!await PortOpenAsync(port, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Starts Azurite unless it already listens; returns null when it was already running (it is then not ours
    /// to stop).
    /// </summary>
    public static async Task<AzuriteProcess?> StartIfNeededAsync(LocalEmulatorOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (await IsListeningAsync(options, cancellationToken))
        {
            logger.LogInformation("Azure Storage emulator already listening on 127.0.0.1:{Port}; using it", options.BlobPort);
            return null;
        }

        return await StartAsync(options, logger, cancellationToken);
    }

    public static async Task<AzuriteProcess> StartAsync(LocalEmulatorOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        var executable = await FindOrInstallAsync(logger, cancellationToken);
        var dataPath = Path.GetFullPath(options.DataPath);
        Directory.CreateDirectory(dataPath);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--silent", "--disableTelemetry", "--location", dataPath,
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", options.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", options.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", options.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{executable}'.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var result = new AzuriteProcess(process, output, options);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await IsListeningAsync(options, cancellationToken))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await result.DisposeAsync();
                throw new InvalidOperationException($"Azurite did not start on 127.0.0.1:{options.BlobPort}-{options.TablePort}: {output}");
            }

            await Task.Delay(100, cancellationToken);
        }

        logger.LogInformation("Started Azure Storage emulator (pid {Pid}) on 127.0.0.1:{Port}, data in {Path}", process.Id, options.BlobPort, dataPath);
        return result;
    }

    /// <summary>
    /// Stops the emulator gracefully (SIGTERM: it closes its servers and saves its metadata database), killing it
    /// only if it has not exited within 15 s. A SIGKILL can lose the last moments of Azurite's metadata, which real
    /// Azure Storage never does to an acknowledged write.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited && !OperatingSystem.IsWindows())
            {
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await term!.WaitForExitAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (TimeoutException)
        {
            // Fall through to the kill below.
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        process.Dispose();
    }

    public override string ToString() => output.ToString();

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 64 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }

    private static async Task<bool> PortOpenAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<string> FindOrInstallAsync(ILogger logger, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("GRID_AZURITE") is { Length: > 0 } configured)
        {
            return configured;
        }

        var roots = new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        foreach (var root in roots)
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        foreach (var root in roots)
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var package = Path.Combine(dir.FullName, "package.json");
                if (File.Exists(package) && (await File.ReadAllTextAsync(package, cancellationToken)).Contains("\"azurite\"", StringComparison.Ordinal))
                {
                    logger.LogInformation("Installing the Azure Storage emulator with npm in {Path} (first run only)", dir.FullName);
                    var npm = new ProcessStartInfo("npm") { WorkingDirectory = dir.FullName, UseShellExecute = false };
                    foreach (var arg in new[] { "install", "--no-audit", "--no-fund" })
                    {
                        npm.ArgumentList.Add(arg);
                    }

                    using var install = Process.Start(npm) ?? throw new InvalidOperationException("npm could not be started; install Node.js and npm.");
                    await install.WaitForExitAsync(cancellationToken);
                    var installed = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                    if (install.ExitCode == 0 && File.Exists(installed))
                    {
                        return installed;
                    }

                    throw new InvalidOperationException($"'npm install' in {dir.FullName} failed (exit {install.ExitCode}).");
                }
            }
        }

        throw new InvalidOperationException("Azurite was not found: run 'npm install' in the repository root, or set GRID_AZURITE to the azurite executable.");
    }
}
