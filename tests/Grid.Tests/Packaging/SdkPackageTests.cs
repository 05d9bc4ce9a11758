using System.Security.Cryptography;
using System.Text.Json;
using Grid.Calls;
using Grid.Security;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Packaging;

/// <summary>
/// The recorder SDK as a partner gets it: the three packages a pack produces (ids, one version, license, readme,
/// dependencies), and a frontend outside the solution that restores them from a feed and records a call into the
/// running Grid with a recorder credential. A packaging mistake (a missing dependency package, a wrong version, an
/// unpackable project reference) fails here.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class SdkPackageTests(GridFixture fixture, SdkPackageFeed feed) : IClassFixture<SdkPackageFeed>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void A_pack_yields_the_three_sdk_packages_each_with_the_set_version_license_readme_and_documentation()
    {
        Assert.Equal(["RecordingGrid.Abstractions", "RecordingGrid.Client", "RecordingGrid.Security"], feed.Packages.Keys.Order(StringComparer.Ordinal));
        foreach (var (project, id) in SdkPackageFeed.Projects)
        {
            var package = feed.Packages[id];
            Assert.Equal(id + "." + feed.Version + ".nupkg", Path.GetFileName(package.File));
            Assert.Equal(feed.Version, package.Version);
            Assert.Equal("Recording Grid", package.Value("authors"));
            Assert.Equal("expression", package.Attribute("license", "type"));
            Assert.Equal("Apache-2.0", package.Value("license"));
            Assert.Equal("README.md", package.Value("readme"));
            Assert.StartsWith("# " + id + "\n", package.Texts["README.md"], StringComparison.Ordinal);
            Assert.Contains("recording-grid", package.Value("tags").Split(' '));
            Assert.False(string.IsNullOrWhiteSpace(package.Value("description")));
            Assert.Contains($"lib/net10.0/{project}.dll", package.Entries);
            Assert.Contains($"lib/net10.0/{project}.xml", package.Entries);
            Assert.True(File.Exists(Path.ChangeExtension(package.File, ".snupkg")), $"{id}: no symbol package beside {package.File}");
        }
    }

    [Fact]
    public void The_client_package_depends_on_the_other_two_at_the_same_version_and_on_no_other_grid_package()
    {
        var client = feed.Packages["RecordingGrid.Client"].Dependencies;
        var security = feed.Packages["RecordingGrid.Security"].Dependencies;
        var abstractions = feed.Packages["RecordingGrid.Abstractions"].Dependencies;

        Assert.Equal(feed.Version, client["RecordingGrid.Abstractions"]);
        Assert.Equal(feed.Version, client["RecordingGrid.Security"]);
        Assert.Equal(feed.Version, security["RecordingGrid.Abstractions"]);
        Assert.Equal(["RecordingGrid.Abstractions", "RecordingGrid.Security"], GridDependencies(client));
        Assert.Equal(["RecordingGrid.Abstractions"], GridDependencies(security));
        Assert.Empty(GridDependencies(abstractions));
        Assert.Equal("10.4.2", client["Microsoft.Orleans.Client"]);
    }

    [Fact]
    public async Task A_frontend_outside_the_solution_restores_the_sdk_from_the_feed_and_records_a_call_into_the_grid()
    {
        const int Chunks = 7;
        const int ChunkBytes = 3200;
        var (buildExit, buildOutput) = await DotnetCommand.RunAsync(
            ["build", "-c", "Release", "--disable-build-servers", "-p:GridSdkVersion=" + feed.Version],
            feed.SampleFolder,
            BuildTimeout);
        Assert.True(buildExit == 0, "the sample did not build against the feed:\n" + buildOutput);
        Assert.Equal(
            [$"RecordingGrid.Abstractions/{feed.Version}", $"RecordingGrid.Client/{feed.Version}", $"RecordingGrid.Security/{feed.Version}"],
            GridLibraries(Path.Combine(feed.SampleFolder, "obj", "project.assets.json")));

        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var secret = await fixture.Client.GetGrain<IRecorderCredentialGrain>($"{tenantId}/sample-frontend").IssueSecretAsync();
        var callId = TestTenants.NewCallId();
        var (exitCode, output) = await DotnetCommand.RunAsync(
            [Path.Combine(feed.SampleFolder, "bin", "Release", "net10.0", "SampleFrontend.dll")],
            feed.SampleFolder,
            RunTimeout,
            new Dictionary<string, string>
            {
                ["Grid__ClusterId"] = fixture.Cluster.Options.ClusterId,
                ["Grid__ServiceId"] = fixture.Cluster.Options.ServiceId,
                ["Grid__StorageConnectionString"] = fixture.ConnectionString,
                ["Grid__Security__Tls__DevelopmentFolder"] = fixture.Security.Tls.DevelopmentFolder,
                ["Grid__Credential__ClientId"] = secret.ClientId,
                ["Grid__Credential__Secret"] = secret.Secret,
                ["Sample__CallId"] = callId,
                ["Sample__Chunks"] = Chunks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Sample__ChunkBytes"] = ChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

        Assert.True(exitCode == 0, $"the sample exited with {exitCode}:\n{output}");
        var summary = await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetSummaryAsync();
        Assert.Equal(
            (CallStatus.Sealed, (long)Chunks, (long)Chunks * ChunkBytes, (long?)0, (long?)(Chunks - 1), 0),
            (summary.Status, summary.ChunkCount, summary.MediaBytes, summary.FirstSequence, summary.LastSequence, summary.Gaps.Count));
        var media = await TestTenants.PlayAsync(fixture.Client, tenantId, callId);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(media));
        Assert.Contains($"call {callId} of {tenantId}: Sealed, {Chunks} chunks, {Chunks * ChunkBytes} bytes, 0 gaps, sha256 {sha256}\n", output, StringComparison.Ordinal);
    }

    /// <summary>The Grid packages among <paramref name="dependencies"/>, whatever their prefix.</summary>
    private static List<string> GridDependencies(IReadOnlyDictionary<string, string> dependencies) =>
        [.. dependencies.Keys.Where(id => id.StartsWith("RecordingGrid.", StringComparison.OrdinalIgnoreCase) || id.StartsWith("Grid.", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The Grid libraries a restore resolved (<c>id/version</c>), packages or projects: only the SDK's three packages
    /// may be there, never a project of the Grid's source tree.
    /// </summary>
    private static List<string> GridLibraries(string assetsFile)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(assetsFile));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().ToList();
        Assert.All(libraries, l => Assert.Equal("package", l.Value.GetProperty("type").GetString()));
        return [.. libraries.Select(l => l.Name).Where(n => n.StartsWith("RecordingGrid.", StringComparison.OrdinalIgnoreCase) || n.StartsWith("Grid.", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];
    }
}
