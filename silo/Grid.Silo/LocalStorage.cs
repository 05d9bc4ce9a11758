using Grid.Hosting;

namespace Grid.Silo;

/// <summary>The zero-setup local default: start Azurite before Orleans when storage is the local emulator.</summary>
internal static class LocalStorage
{
    public static async Task<AzuriteProcess?> StartIfLocalAsync(GridSiloOptions options, ILogger logger)
    {
        if (!options.Storage.IsLocalEmulator || !options.LocalEmulator.Start)
        {
            return null;
        }

        // Azurite listens on the configured ports; an explicit connection string makes the clients use the same.
        options.Storage.ConnectionString = options.LocalEmulator.ConnectionString;
        return await AzuriteProcess.StartIfNeededAsync(options.LocalEmulator, logger);
    }
}
