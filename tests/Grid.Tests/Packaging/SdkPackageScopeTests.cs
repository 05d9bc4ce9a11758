using System.Text.Json;

namespace Grid.Tests.Packaging;

/// <summary>
/// What <c>dotnet pack Grid.sln</c> would produce, read from each project's evaluated properties (MSBuild, as pack
/// sees them, without building): the recorder SDK's three packages and nothing else; and the sample frontend stands
/// apart from the solution and the repository's build settings, on the SDK's package only.
/// </summary>
public sealed class SdkPackageScopeTests
{
    private static readonly TimeSpan EvaluationTimeout = TimeSpan.FromMinutes(2);
    private static readonly string[] ProjectFolders = ["src", "silo", "loadtest", "tests"];

    [Fact]
    public async Task Only_the_recorder_sdk_and_what_it_needs_are_packable()
    {
        var root = SdkPackageFeed.RepositoryRoot;
        var projects = ProjectFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !Path.GetRelativePath(root, p).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();

        var packable = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var properties = (await EvaluateAsync(project, "-getProperty:IsPackable", "-getProperty:PackageId")).GetProperty("Properties");
            if (string.Equals(properties.GetProperty("IsPackable").GetString(), "true", StringComparison.OrdinalIgnoreCase))
            {
                packable[Path.GetFileNameWithoutExtension(project)] = properties.GetProperty("PackageId").GetString()!;
            }
        }

        Assert.Equal(new SortedDictionary<string, string>(SdkPackageFeed.Projects.ToDictionary(), StringComparer.Ordinal), packable);
        var solution = SolutionProjects(root);
        Assert.Subset(projects.Select(p => Path.GetRelativePath(root, p)).ToHashSet(), solution);
        Assert.Contains(Path.Combine("src", "Grid.Client", "Grid.Client.csproj"), solution);
    }

    [Fact]
    public async Task The_sample_frontend_is_outside_the_solution_and_the_repository_settings_and_references_only_the_sdk_package()
    {
        var root = SdkPackageFeed.RepositoryRoot;
        var sample = Path.Combine(root, "tests", "SampleFrontend", "SampleFrontend.csproj");

        var evaluated = await EvaluateAsync(
            sample,
            "-p:GridSdkVersion=9.8.7",
            "-getProperty:ManagePackageVersionsCentrally",
            "-getProperty:IsTestProject",
            "-getProperty:IsPackable",
            "-getItem:ProjectReference",
            "-getItem:PackageReference");

        Assert.DoesNotContain(Path.Combine("tests", "SampleFrontend", "SampleFrontend.csproj"), SolutionProjects(root));
        var properties = evaluated.GetProperty("Properties");
        Assert.Equal(
            (string.Empty, string.Empty, "false"),
            (properties.GetProperty("ManagePackageVersionsCentrally").GetString(), properties.GetProperty("IsTestProject").GetString(), properties.GetProperty("IsPackable").GetString()));
        var items = evaluated.GetProperty("Items");
        Assert.Equal(0, items.TryGetProperty("ProjectReference", out var projectReferences) ? projectReferences.GetArrayLength() : 0);
        var client = items.GetProperty("PackageReference").EnumerateArray().Single(r => r.GetProperty("Identity").GetString() == "RecordingGrid.Client");
        Assert.Equal("9.8.7", client.GetProperty("Version").GetString());
        Assert.DoesNotContain(items.GetProperty("PackageReference").EnumerateArray(), r => r.GetProperty("Identity").GetString()!.StartsWith("Grid.", StringComparison.Ordinal));
    }

    /// <summary>Evaluates <paramref name="project"/> with MSBuild (no build) and returns what it printed as JSON.</summary>
    private static async Task<JsonElement> EvaluateAsync(string project, params string[] arguments)
    {
        var (exitCode, output) = await DotnetCommand.RunAsync(
            ["msbuild", project, "-p:Configuration=Release", .. arguments],
            SdkPackageFeed.RepositoryRoot,
            EvaluationTimeout);
        Assert.True(exitCode == 0, $"dotnet msbuild {project} failed ({exitCode}):\n{output}");
        using var document = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        return document.RootElement.Clone();
    }

    /// <summary>The projects Grid.sln lists, as paths relative to the repository root.</summary>
    private static HashSet<string> SolutionProjects(string root) =>
        [.. File.ReadLines(Path.Combine(root, "Grid.sln"))
            .Where(line => line.StartsWith("Project(", StringComparison.Ordinal))
            .Select(line => line.Split('"'))
            .Where(parts => parts.Length > 5 && parts[5].EndsWith(".csproj", StringComparison.Ordinal))
            .Select(parts => parts[5].Replace('\\', Path.DirectorySeparatorChar))];
}
