namespace Grid.Tests.Infrastructure;

/// <summary>
/// Reads every file under a storage emulator's data folder while the emulator runs. Azurite saves its database by
/// writing a <c>~</c> file and renaming it over the old one, so a file listed can be gone when it is read; its content
/// then lives in the file it was renamed to, which the same pass may have read before the rename. The folder is read
/// again until one pass reads every file it listed.
/// </summary>
public static class EmulatorFiles
{
    private const int MaxPasses = 10;

    public static List<(string Path, byte[] Content)> ReadAll(string root)
    {
        for (var pass = 1; ; pass++)
        {
            var result = new List<(string, byte[])>();
            var vanished = false;
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                try
                {
                    result.Add((path, ReadShared(path)));
                }
                catch (FileNotFoundException) when (pass < MaxPasses)
                {
                    vanished = true;
                }
            }

            if (!vanished)
            {
                return result;
            }
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
