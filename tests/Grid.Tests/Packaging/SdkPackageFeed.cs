using Grid.Tests.Security;

namespace Grid.Tests.Packaging;

/// <summary>
/// The recorder SDK packed as a release packs it, into a local feed in a fresh temp folder, with a version of its own
/// (so nothing cached from another run is used), and the sample frontend (tests/SampleFrontend) copied beside it as a
/// partner would have it: its nuget.config's <c>packages</c> folder is this feed. The Grid's own bin/obj folders are
/// not touched (the build goes to an artifacts folder here). On disposal the folder and the packages that restore
/// put into the NuGet global packages folder for this version are deleted.
/// </summary>
public sealed class SdkPackageFeed : IAsyncLifetime
{
    /// <summary>The recorder SDK's projects and the package id each must have.</summary>
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        ["Grid.Abstractions"] = "RecordingGrid.Abstractions",
        ["Grid.Security"] = "RecordingGrid.Security",
        ["Grid.Client"] = "RecordingGrid.Client",
    };

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    private readonly string root = Path.Combine(Path.GetTempPath(), "grid-sdk-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A prerelease version no other run uses.</summary>
    public string Version { get; } = "1.0.0-sdktest-" + Guid.NewGuid().ToString("N")[..12];

    public static string RepositoryRoot => AuthorizationDocument.RepositoryRoot();

    /// <summary>The copy of tests/SampleFrontend.</summary>
    public string SampleFolder => Path.Combine(root, "SampleFrontend");

    /// <summary>The local feed: the folder the sample's nuget.config names.</summary>
    public string FeedFolder => Path.Combine(SampleFolder, "packages");

    /// <summary>Every .nupkg in the feed, by package id.</summary>
    public IReadOnlyDictionary<string, NuGetPackage> Packages { get; private set; } = new Dictionary<string, NuGetPackage>();

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public string PackOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        CopySample(Path.Combine(RepositoryRoot, "tests", "SampleFrontend"), SampleFolder);
        Directory.CreateDirectory(FeedFolder);
        var output = new System.Text.StringBuilder();
        foreach (var project in Projects.Keys)
        {
            var (exitCode, text) = await DotnetCommand.RunAsync(
                [
                    "pack", Path.Combine(RepositoryRoot, "src", project, project + ".csproj"),
                    "-c", "Release",
                    "-o", FeedFolder,
                    "--artifacts-path", Path.Combine(root, "artifacts"),
                    "--disable-build-servers",
                    "-p:GridSdkVersion=" + Version,
                ],
                RepositoryRoot,
                PackTimeout);
            output.AppendLine(text);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed ({exitCode}):\n{text}");
            }
        }

        PackOutput = output.ToString();
        Packages = Directory.GetFiles(FeedFolder, "*.nupkg").Select(NuGetPackage.Read).ToDictionary(p => p.Id);
    }

    public async Task DisposeAsync()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }

        var (exitCode, text) = await DotnetCommand.RunAsync(["nuget", "locals", "global-packages", "--list"], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        const string Prefix = "global-packages: ";
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (exitCode != 0 || line is null)
        {
            return;
        }

        var globalPackages = line[Prefix.Length..];
        foreach (var id in Projects.Values)
        {
            var folder = Path.Combine(globalPackages, id.ToLowerInvariant());
            var version = Path.Combine(folder, Version.ToLowerInvariant());
            if (Directory.Exists(version))
            {
                Directory.Delete(version, recursive: true);
            }

            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }

    /// <summary>The sample's source files, without anything a local build or pack left in the repository's copy.</summary>
    private static void CopySample(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj" or "packages")
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
