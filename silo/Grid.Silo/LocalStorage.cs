using Grid.Development;
using Grid.Hosting;

namespace Grid.Silo;

/// <summary>The zero-setup local default: start Azurite before Orleans when storage is the local emulator.</summary>
internal static class LocalStorage
{
    /// <summary>The emulator's settings (<c>Grid:LocalEmulator</c>): development only, so not part of the silo's options.</summary>
    public static LocalEmulatorOptions Read(IConfiguration configuration) =>
        configuration.GetSection("Grid:LocalEmulator").Get<LocalEmulatorOptions>() ?? new LocalEmulatorOptions();

    public static async Task<AzuriteProcess?> StartIfLocalAsync(GridSiloOptions options, LocalEmulatorOptions emulator, ILogger logger)
    {
        if (!options.Storage.IsLocalEmulator || !emulator.Start)
        {
            return null;
        }

        // Azurite listens on the configured ports; an explicit connection string makes the clients use the same.
        options.Storage.ConnectionString = emulator.ConnectionString;
        return await AzuriteProcess.StartIfNeededAsync(emulator, logger);
    }
}
