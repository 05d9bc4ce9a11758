using Grid.Development;
using Grid.Hosting;

namespace Grid.Silo;

/// <summary>The zero-setup local default: start Azurite before Orleans when storage is the local emulator.</summary>
internal static class LocalStorage
{
    /// <summary>The emulator's settings (<c>Grid:LocalEmulator</c>): development only, so not part of the silo's options.</summary>
    public static LocalEmulatorOptions Read(IConfiguration configuration) =>
        configuration.GetSection("Grid:LocalEmulator").Get<LocalEmulatorOptions>() ?? new LocalEmulatorOptions();

    /// <summary>
    /// Starts Azurite when the configured storage is the local emulator, and points <c>Grid:Storage:ConnectionString</c>
    /// at the ports it listens on (so every part of the host reads the same account).
    /// </summary>
    public static async Task<AzuriteProcess?> StartIfLocalAsync(IConfiguration configuration, ILogger logger)
    {
        var emulator = Read(configuration);
        if (!configuration.ReadGridOptions().Storage.IsLocalEmulator || !emulator.Start)
        {
            return null;
        }

        configuration["Grid:Storage:ConnectionString"] = emulator.ConnectionString;
        return await AzuriteProcess.StartIfNeededAsync(emulator, logger);
    }

    /// <summary>
    /// The demo only: puts the immutability shim in front of the local emulator's blob endpoint with version-level
    /// immutability on the whole account (what the Bicep's <c>worm</c> parameter gives in Azure; Azurite has none),
    /// and points <c>Grid:Storage:ConnectionString</c> at it, so the demo can show a WORM tenant. Null when storage
    /// is not the local emulator.
    /// </summary>
    public static async Task<Grid.Development.Worm.ImmutabilityShim?> StartWormShimIfLocalAsync(IConfiguration configuration)
    {
        if (!configuration.ReadGridOptions().Storage.IsLocalEmulator || configuration["Grid:Storage:ConnectionString"] is not { } connectionString
            || !connectionString.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var shim = await Grid.Development.Worm.ImmutabilityShim.StartAsync(connectionString);
        shim.EnableVersionLevelImmutabilityOnAccount();
        configuration["Grid:Storage:ConnectionString"] = shim.ConnectionString;
        return shim;
    }
}
