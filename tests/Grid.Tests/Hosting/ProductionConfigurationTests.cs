using Grid.Development;
using System.Collections.Concurrent;
using System.Diagnostics;
using Grid.Tests.Faults;

namespace Grid.Tests.Hosting;

/// <summary>
/// The silo executable started with a production configuration (managed identity storage, Key Vault, Event Hubs,
/// OTLP; endpoints that do not exist): every setting binds, as the start-up summary shows, and the silo gets as far
/// as asking Azure for a token. A wrong setting stops it at once with a message naming the setting.
/// </summary>
public sealed class ProductionConfigurationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("grid-prod-config").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Dictionary<string, string> Production() => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Grid__Storage__BlobServiceUri"] = "https://gridprod.blob.core.example.invalid/",
        ["Grid__Storage__TableServiceUri"] = "https://gridprod.table.core.example.invalid/",
        ["Grid__Storage__QueueServiceUri"] = "https://gridprod.queue.core.example.invalid/",
        ["Grid__Storage__ReplicaBlobServiceUri"] = "https://gridrep.blob.core.example.invalid/",
        ["Grid__Residency__Regions__westeurope__Jurisdiction"] = "EEA",
        ["Grid__Keys__AzureKeyVault__VaultUri"] = "https://gridprod.vault.example.invalid/",
        ["Grid__Events__Provider"] = "EventHubs",
        ["Grid__Events__EventHubsNamespace"] = "gridprod.servicebus.example.invalid",
        ["Grid__Events__ConsumerGroup"] = "grid-eu",
        ["Grid__Telemetry__OtlpEndpoint"] = "http://127.0.0.1:4317",
        ["Grid__SiloPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Grid__GatewayPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Grid__HttpUrls"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
        ["Grid__Security__Tls__DevelopmentFolder"] = Path.Combine(folder, "tls"),
        ["Grid__Security__TokenSigningKeyPath"] = Path.Combine(folder, "token.pem"),
        ["Grid__Security__ClusterKeyPath"] = Path.Combine(folder, "cluster.key"),
        ["Grid__Signing__KeyPath"] = Path.Combine(folder, "signing.pem"),
        ["AZURE_CLIENT_ID"] = "",
    };

    [Fact]
    public async Task A_production_configuration_binds_every_setting_and_the_silo_gets_as_far_as_needing_azure()
    {
        var output = await RunAsync(Production(), stopWhen: line => line.Contains("CredentialUnavailableException", StringComparison.Ordinal)
            || line.Contains("example.invalid", StringComparison.Ordinal) && line.Contains("Exception", StringComparison.Ordinal));

        Assert.Contains("Grid configuration: storage: managed identity, blob https://gridprod.blob.core.example.invalid/, table https://gridprod.table.core.example.invalid/, queue https://gridprod.queue.core.example.invalid/", output.Text, StringComparison.Ordinal);
        Assert.Contains("Grid configuration: replica: https://gridrep.blob.core.example.invalid/", output.Text, StringComparison.Ordinal);
        Assert.Contains("Grid configuration: regions: westeurope (EEA) in the main account", output.Text, StringComparison.Ordinal);
        Assert.Contains("Grid configuration: key custody: Azure Key Vault https://gridprod.vault.example.invalid/", output.Text, StringComparison.Ordinal);
        Assert.Contains("Grid configuration: events: Event Hubs gridprod.servicebus.example.invalid, hub grid-tenant-events, consumer group grid-eu", output.Text, StringComparison.Ordinal);
        Assert.Contains("Grid configuration: telemetry: OTLP http://127.0.0.1:4317/", output.Text, StringComparison.Ordinal);
        Assert.True(output.Stopped, "The silo should reach the point of asking Azure for a token:\n" + output.Text);
    }

    [Theory]
    [InlineData("Grid__Storage__QueueServiceUri", "", "Grid:Storage: set BlobServiceUri, TableServiceUri and QueueServiceUri together")]
    [InlineData("Grid__Governance__IncidentNotificationTarget", "4.00:00:00", "Grid:Governance:IncidentNotificationTarget must be more than 0 and at most 72 hours")]
    [InlineData("Grid__Events__Provider", "Kafka", "Grid:Events:Provider")]
    [InlineData("Grid__Residency__Regions__westeurope__Jurisdiction", "", "Grid:Residency:Regions:westeurope:Jurisdiction is required")]
    [InlineData("Grid__Residency__Regions__uksouth__Jurisdiction", "UK", "Grid:Residency:Regions:uksouth:Storage is required")]
    [InlineData("Grid__Retention__SweepPeriod", "-00:00:01", "Grid:Retention:SweepPeriod is between 1 second and 1 day.")]
    [InlineData("Grid__Termination__MaxDeletionDays", "30", "Grid:Termination:MaxDeletionDays is between 1 and 15")]
    [InlineData("Grid__Webhooks__MaxAttempts", "0", "Grid:Webhooks:MaxAttempts is between 1 and 100.")]
    [InlineData("Grid__Security__TokenLifetime", "02:00:00", "Grid:Security:TokenLifetime is more than 0 and at most Grid:Security:MaxTokenLifetime")]
    [InlineData("Grid__Storage__Log__Lanes", "0", "Grid:Storage:Log:Lanes must be between 1 and 64.")]
    [InlineData("Grid__Api__MaxRequestBodyBytes", "10", "Grid:Api:MaxRequestBodyBytes must be between 1 KiB and 16 MiB.")]
    [InlineData("Grid__Web__KeyRing__Container", "Not A Container", "Grid:Web:KeyRing:Container must be a valid blob container name.")]
    [InlineData("Grid__Storage__Log__IdleLaneEviction", "00:00:00", "Grid:Storage:Log:IdleLaneEviction must be between 00:00:01 and 1.00:00:00.")]
    public async Task A_wrong_setting_stops_the_silo_with_a_message_naming_it(string key, string value, string message)
    {
        var environment = Production();
        environment[key] = value;

        var output = await RunAsync(environment, stopWhen: _ => false);

        Assert.True(output.ExitCode is not null and not 0, output.Text);
        Assert.Contains(message, output.Text, StringComparison.Ordinal);
    }

    private async Task<(string Text, bool Stopped, int? ExitCode)> RunAsync(Dictionary<string, string> environment, Func<string, bool> stopWhen)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(SiloProcess.SiloAssembly());
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var lines = new ConcurrentQueue<string>();
        var stop = new TaskCompletionSource();
        using var process = Process.Start(start)!;
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lines.Enqueue(line);
            if (stopWhen(line))
            {
                stop.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(stop.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        var stopped = first == stop.Task;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        return (string.Join('\n', lines), stopped, first == exited ? process.ExitCode : null);
    }
}
