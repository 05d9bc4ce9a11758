using Grid.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Hosting;

/// <summary>The Grid's own storage: the recording log, manifests, audit logs, replica, retention index, catalog.</summary>
public static class GridStoreExtensions
{
    /// <summary>
    /// Registers the storage accounts and every store the grains write through (each tenant's data in its region's
    /// account); the recording log starts and stops with the silo (<see cref="RecordingLogLifecycle"/>).
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="accounts">The storage accounts.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddGridStores(this IServiceCollection services, StorageAccounts accounts)
    {
        services.AddSingleton(accounts);
        services.AddOptions<GridStorageOptions>().BindConfiguration(GridStorageOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.Worm.PolicyMode == WormPolicyMode.Locked || o.IsLocalEmulator, "Grid:Storage:Worm:PolicyMode Unlocked is allowed only with the local storage emulator: a WORM tenant's recordings get Locked immutability policies in production.")
            .ValidateOnStart();
        services.AddOptions<Grid.Storage.Log.RecordingLogOptions>().BindConfiguration(Grid.Storage.Log.RecordingLogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RecordingStore>();
        services.AddSingleton<Grid.Storage.Log.RecordingLog>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RecordingLogLifecycle>();
        services.AddSingleton<Grid.Storage.Log.ManifestStore>();
        services.AddSingleton<Grid.Storage.Log.LogScanner>();
        services.AddSingleton<Grid.Storage.Log.LogCollector>();
        services.AddSingleton<Grid.Grains.Calls.RecordingFiles>();
        services.AddSingleton<Grid.Grains.Calls.Waveforms>();
        services.AddSingleton<Grid.Grains.Calls.RecordingWriters>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<RecordingReplica>();
        services.AddSingleton<RetentionIndex>();
        services.AddSingleton<RecordingCatalog>();
        services.AddSingleton<RequestRegister>();
        services.AddSingleton<DeletionLog>();
        services.AddSingleton<WormStorage>();
        return services;
    }
}
