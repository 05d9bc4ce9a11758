namespace Grid.Hosting;

/// <summary>
/// One line per concern saying what the silo was configured with — where its storage, keys, events, telemetry and
/// certificates come from — logged at start, so an operator (and the production-configuration test) sees at once
/// that every setting bound. Never a secret: endpoints and paths only.
/// </summary>
public static class GridConfigurationSummary
{
    /// <summary>The summary lines of <paramref name="options"/>.</summary>
    public static IReadOnlyList<string> Describe(GridSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storage = options.Storage;
        var keys = options.Keys;
        var events = options.Events;
        var tls = options.Security.Tls;
        return
        [
            "cluster: " + options.ClusterId + " (service " + options.ServiceId + ")" + (options.Hosting.Kubernetes ? ", Kubernetes hosting" : ""),
            "storage: " + (storage.BlobServiceUri is { } blobs
                ? $"managed identity, blob {blobs}, table {storage.TableServiceUri}, queue {storage.QueueServiceUri}"
                : storage.IsLocalEmulator ? "local emulator (development)" : "connection string (account key)"),
            "replica: " + Replica(storage),
            "regions: " + (options.Residency.Regions.Count == 0
                ? "development defaults (" + string.Join(", ", options.Residency.Effective.Keys) + ") in the main account"
                : string.Join("; ", options.Residency.Regions.Select(r => $"{r.Key} ({r.Value.Jurisdiction}) {Account(r.Value.Storage)}" + (r.Value.KeyVault?.VaultUri is { } vault ? $", key vault {vault}" : "")))),
            "key custody: " + (keys.AzureKeyVault.VaultUri is { } vault ? $"Azure Key Vault {vault}"
                : !string.IsNullOrEmpty(keys.Pkcs11.LibraryPath) ? $"PKCS#11 {keys.Pkcs11.LibraryPath}, token {keys.Pkcs11.TokenLabel}"
                : "software key store (development only)"),
            "events: " + (events.Provider == EventStreamOptions.EventHubs
                ? $"Event Hubs {events.EventHubsNamespace ?? "(connection string)"}, hub {events.EventHubName}, consumer group {events.ConsumerGroup}"
                : "Azure Queue streams"),
            "telemetry: " + (options.Telemetry.OtlpEndpoint is { } otlp ? $"OTLP {otlp}" : "none exported"),
            "tls: " + (!tls.Enabled ? "DISABLED" : tls.UsesDevelopmentCertificates ? $"development CA in {tls.DevelopmentFolder} (not for production)" : $"certificate {tls.CertificatePath}, CA {tls.CaCertificatePath}"),
        ];
    }

    private static string Account(Grid.Storage.StorageAccountOptions? account) =>
        account is not { IsSet: true } ? "in the main account"
            : (account.BlobServiceUri is { } blobs ? $"blob {blobs}" : account.IsLocalEmulator ? "local emulator" : "connection string") + ", replica " + Replica(account);

    private static string Replica(Grid.Storage.StorageAccountOptions account) =>
        account.ReplicaBlobServiceUri?.ToString() ?? (string.IsNullOrEmpty(account.ReplicaConnectionString) ? "none" : "connection string");
}
