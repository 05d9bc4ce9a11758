namespace Grid.Security;

/// <summary>Writes secrets to new files readable by the owner only.</summary>
public static class SecretFile
{
    /// <summary>Creates <paramref name="path"/> (and its folder) with <paramref name="content"/>; fails if it exists.</summary>
    public static void WriteNew(string path, string content) => WriteNew(path, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Creates <paramref name="path"/> (and its folder) with <paramref name="content"/>; fails if it exists.</summary>
    public static void WriteNew(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
    }
}
