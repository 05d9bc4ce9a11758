using System.Diagnostics;
using System.Text.Json;
using Grid.Client;
using Grid.Client.Credentials;
using Grid.Security;
using Grid.Security.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Grid.Testing.Load;

namespace Grid.LoadTest.Scenarios;

/// <summary>
/// The load generator as its own process (<c>Grid.LoadTest generate SPEC RESULT</c>): simulated recorder frontends
/// connected through the gateway like real ones, so the silo process measures the Grid alone and the generator's
/// CPU is measured apart.
/// </summary>
public static class Generator
{
    /// <summary>Host side: runs one level in a generator process and returns what it measured.</summary>
    public static async Task<LevelOutcome> RunLevelAsync(GeneratorSpec spec, CancellationToken cancellationToken)
    {
        var folder = spec.PhaseFolder ?? throw new ArgumentException("A generator needs a phase folder.", nameof(spec));
        Directory.CreateDirectory(folder);
        var specPath = Path.Combine(folder, "spec.json");
        var resultPath = Path.Combine(folder, "result.json");
        await File.WriteAllTextAsync(specPath, JsonSerializer.Serialize(spec), cancellationToken);
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = false, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Generator).Assembly.Location);
        }

        foreach (var arg in new[] { "generate", specPath, resultPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !File.Exists(resultPath))
        {
            throw new InvalidOperationException($"The load generator failed (exit {process.ExitCode}): {await errors}");
        }

        var outcome = JsonSerializer.Deserialize<LevelOutcome>(await File.ReadAllTextAsync(resultPath, cancellationToken))!;
        Directory.Delete(folder, recursive: true);
        return outcome;
    }

    /// <summary>Waits (polling) until the generator has reached a phase ("started", "loaded").</summary>
    public static async Task WaitForPhaseAsync(GeneratorSpec spec, string phase, Task generator)
    {
        while (!File.Exists(Path.Combine(spec.PhaseFolder!, phase)) && !generator.IsCompleted)
        {
            await Task.Delay(50);
        }
    }

    private static void Mark(GeneratorSpec spec, string phase) => File.WriteAllText(Path.Combine(spec.PhaseFolder!, phase), string.Empty);

    /// <summary>Generator side: connect, offer the load, verify every recording, write the outcome.</summary>
    public static async Task<int> RunAsync(string specPath, string resultPath)
    {
        var spec = JsonSerializer.Deserialize<GeneratorSpec>(await File.ReadAllTextAsync(specPath))!;
        var security = GridSecurityOptions.InFolder(spec.SecurityFolder);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.AddGridClient(o =>
        {
            o.ClusterId = spec.ClusterId;
            o.ServiceId = spec.ServiceId;
            o.StorageConnectionString = spec.StorageConnectionString;
            o.Recorder.MaxInFlight = 8;
            o.Tls.Enabled = spec.Secure;
            o.Tls.DevelopmentFolder = security.Tls.DevelopmentFolder;
        });

        // A recorder-and-analyst credential of the load tenant (the generator records, then verifies by playback),
        // signed with the grid's development token key.
        var issuer = new GridTokenIssuer(security);
        builder.Services.AddSingleton<IGridCredentialSource>(new SigningTokenSource(issuer, spec.TenantId, "loadtest", [GridRoles.Recorder, GridRoles.Analyst]));
        using var host = builder.Build();
        await host.StartAsync();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var cpuAtLoadEnd = TimeSpan.Zero;
        var load = new RealtimeCallLoad(host.Services.GetRequiredService<GridRecorder>(), host.Services.GetRequiredService<GridPlayback>());
        Mark(spec, "started");
        var result = await load.RunAsync(spec.ToLoadOptions() with
        {
            LoadFinished = () =>
            {
                cpuAtLoadEnd = Process.GetCurrentProcess().TotalProcessorTime;
                Mark(spec, "loaded");
            },
        });
        var cpu = (cpuAtLoadEnd - cpuBefore).TotalSeconds;
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(LevelOutcome.From(result, spec, cpu)));
        await host.StopAsync();
        return 0;
    }
}
