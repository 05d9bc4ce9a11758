using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grid.Calls;
using Grid.Development;
using Grid.Errors;
using Grid.Hosting;
using Grid.Storage;
using Grid.Tenants;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace Grid.Tests.Residency;

/// <summary>
/// Residency as storage, not a label: a Grid with two regions (<c>eu-west</c>, EEA, and <c>uk-south</c>, UK), each
/// its own Azurite, and a third Azurite as the main account (control plane). A tenant is provisioned in each and
/// records a call; then every file of each region's emulator is scanned: no byte of the other tenant's data — its
/// id in blob, table or row names, its plaintext, or its ciphertext — is there, while its own is (so the scan can
/// fail). The control plane holds ids only.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class RegionalStorageTests(GridFixture fixture) : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("grid-regions").FullName;
    private readonly List<AzuriteProcess> emulators = [];
    private TestCluster cluster = null!;

    private LocalEmulatorOptions Control => emulators[0].Options;

    private LocalEmulatorOptions Eu => emulators[1].Options;

    private LocalEmulatorOptions Uk => emulators[2].Options;

    public async Task InitializeAsync()
    {
        var starting = new[] { "control", "eu", "uk" }.Select(name => AzuriteProcess.StartAsync(
            new LocalEmulatorOptions { DataPath = Path.Combine(root, name), BlobPort = LoopbackPorts.Free(), QueuePort = LoopbackPorts.Free(), TablePort = LoopbackPorts.Free() },
            NullLogger.Instance)).ToList();
        foreach (var process in starting)
        {
            emulators.Add(await process);
        }

        cluster = await fixture.DeployClusterAsync("grid-regions-" + Guid.NewGuid().ToString("N")[..6], silos: 1, storage: Control, settings: new Dictionary<string, string>
        {
            ["Grid:Storage:ReplicaConnectionString"] = "",
            ["Grid:Residency:Regions:eu-west:Jurisdiction"] = "EEA",
            ["Grid:Residency:Regions:eu-west:Storage:ConnectionString"] = Eu.ConnectionString,
            ["Grid:Residency:Regions:uk-south:Jurisdiction"] = "UK",
            ["Grid:Residency:Regions:uk-south:Storage:ConnectionString"] = Uk.ConnectionString,
        });
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        foreach (var emulator in emulators)
        {
            await emulator.DisposeAsync();
        }

        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Each_tenants_data_is_only_in_its_regions_account_by_name_plaintext_and_ciphertext()
    {
        var eu = await RecordAsync("eu-west");
        var uk = await RecordAsync("uk-south");
        var euCipher = await CiphertextSampleAsync(Eu, eu.TenantId);
        var ukCipher = await CiphertextSampleAsync(Uk, uk.TenantId);

        // Azurite saves its metadata (blob and table names, rows) every few seconds: wait until each region's files
        // show its own tenant's id and ciphertext, which also proves the scan sees names and content.
        var euFiles = await Eventually.UntilAsync(() => Task.FromResult(ReadFiles(Eu)), f => Contains(f, Utf8(eu.TenantId)) && Contains(f, euCipher), seconds: 30);
        var ukFiles = await Eventually.UntilAsync(() => Task.FromResult(ReadFiles(Uk)), f => Contains(f, Utf8(uk.TenantId)) && Contains(f, ukCipher), seconds: 30);
        var controlFiles = ReadFiles(Control);

        Assert.True(Contains(euFiles, Utf8(eu.TenantId)) && Contains(euFiles, euCipher), "the EU emulator's files should hold the EU tenant's id and ciphertext");
        Assert.True(Contains(ukFiles, Utf8(uk.TenantId)) && Contains(ukFiles, ukCipher), "the UK emulator's files should hold the UK tenant's id and ciphertext");
        Assert.Equal([], Leaks(euFiles, uk, ukCipher));
        Assert.Equal([], Leaks(ukFiles, eu, euCipher));
        Assert.Equal([], Leaks(controlFiles, eu with { TenantId = "" }, euCipher).Concat(Leaks(controlFiles, uk with { TenantId = "" }, ukCipher)));
        Assert.Equal([], await NamesAsync(Eu, uk.TenantId));
        Assert.Equal([], await NamesAsync(Uk, eu.TenantId));
        Assert.Contains($"container rec-{eu.TenantId}", await NamesAsync(Eu, eu.TenantId));
        Assert.Contains($"container rec-{uk.TenantId}", await NamesAsync(Uk, uk.TenantId));
        Assert.DoesNotContain(await NamesAsync(Control, eu.TenantId), n => n.StartsWith("container rec-", StringComparison.Ordinal) || n.StartsWith("blob grid-audit", StringComparison.Ordinal) || n.StartsWith("blob grid-state", StringComparison.Ordinal));
        Assert.Contains(await NamesAsync(Eu, eu.TenantId), n => n.StartsWith("blob grid-state/", StringComparison.Ordinal));
        Assert.Contains(await NamesAsync(Eu, eu.TenantId), n => n.StartsWith("blob grid-audit/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenant_in_a_region_this_grid_does_not_store_is_refused_and_nothing_of_it_is_written_anywhere()
    {
        var tenantId = TestTenants.NewTenantId();

        var refused = await Assert.ThrowsAsync<GridValidationException>(() => cluster.Client.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(TestTenants.Settings() with { ResidencyRegion = "us-east" }));
        var unknown = await Assert.ThrowsAsync<TenantUnavailableException>(() => cluster.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, "c1")).StartAsync(TestTenants.Metadata()));

        Assert.StartsWith("residencyRegion 'us-east' is not a region this Grid stores data in; use one of: eu-west, uk-south", refused.Message, StringComparison.Ordinal);
        Assert.Equal(GridErrorCode.TenantUnknown, unknown.Code);
        foreach (var emulator in new[] { Control, Eu, Uk })
        {
            Assert.Equal([], await NamesAsync(emulator, tenantId));
        }
    }

    [Fact]
    public async Task A_tenants_region_never_changes()
    {
        var tenantId = TestTenants.NewTenantId();
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await tenant.ProvisionAsync(TestTenants.Settings() with { ResidencyRegion = "uk-south" });
        var accounts = GridStorageAccounts.Create(new GridSiloOptions
        {
            Storage = { ConnectionString = Control.ConnectionString },
            Residency = { Regions = { ["eu-west"] = new() { Jurisdiction = "EEA", Storage = new() { ConnectionString = Eu.ConnectionString } }, ["uk-south"] = new() { Jurisdiction = "UK", Storage = new() { ConnectionString = Uk.ConnectionString } } } },
        });

        var moved = await Assert.ThrowsAsync<TenantUnavailableException>(() => accounts.BindAsync(tenantId, "eu-west"));
        await accounts.BindAsync(tenantId, "uk-south");

        Assert.Equal(GridErrorCode.TenantAlreadyProvisioned, moved.Code);
        Assert.Equal("uk-south", await accounts.RegionOfAsync(tenantId));
        Assert.Equal(Uk.BlobPort, (await accounts.ForTenantAsync(tenantId)).Endpoint.Port);
    }

    private sealed record Recorded(string TenantId, string CallId, string Name, byte[] Media);

    private async Task<Recorded> RecordAsync(string region)
    {
        var tenantId = TestTenants.NewTenantId();
        var callId = TestTenants.NewCallId();
        var name = "Resident-" + Guid.NewGuid().ToString("N")[..12];
        var media = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"MEDIA-{region}-{Guid.NewGuid():N}|", 40)));
        await cluster.Client.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(TestTenants.Settings() with { ResidencyRegion = region });
        var call = cluster.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 0" + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture), name));
        for (var seq = 0; seq < 4; seq++)
        {
            await call.AppendAsync(seq, media.AsSpan(seq * media.Length / 4, media.Length / 4).ToArray());
        }

        await call.EndAsync();
        Assert.Equal(media, await TestTenants.PlayAsync(cluster.Client, tenantId, callId));
        return new Recorded(tenantId, callId, name, media);
    }

    /// <summary>48 bytes from the middle of the tenant's first log segment: a sample of its ciphertext.</summary>
    private static async Task<byte[]> CiphertextSampleAsync(LocalEmulatorOptions emulator, string tenantId)
    {
        var container = new BlobServiceClient(emulator.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "log/", default))
        {
            var bytes = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
            return bytes.AsSpan(bytes.Length / 2, 48).ToArray();
        }

        throw new InvalidOperationException($"tenant {tenantId} has no log segment in {emulator.ConnectionString}");
    }

    /// <summary>What of <paramref name="other"/> appears in <paramref name="files"/>: its id, name, media or ciphertext.</summary>
    private static List<string> Leaks(List<(string Name, byte[] Content)> files, Recorded other, byte[] cipher)
    {
        var needles = new List<(string What, byte[] Bytes)> { ("participant name", Utf8(other.Name)), ("media", other.Media[..64]), ("ciphertext", cipher) };
        if (other.TenantId.Length > 0)
        {
            needles.Add(("tenant id", Utf8(other.TenantId)));
        }

        return [.. files.SelectMany(f => needles.Where(n => f.Content.AsSpan().IndexOf(n.Bytes) >= 0).Select(n => $"{n.What} in {f.Name}"))];
    }

    /// <summary>Every container, blob, table and row name (partition and row key) in the account that contains <paramref name="text"/>.</summary>
    private static async Task<List<string>> NamesAsync(LocalEmulatorOptions emulator, string text)
    {
        var names = new List<string>();
        var blobs = new BlobServiceClient(emulator.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            names.Add($"container {container.Name}");
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.Uncommitted, null, default))
            {
                names.Add($"blob {container.Name}/{blob.Name}");
            }
        }

        var tables = new TableServiceClient(emulator.ConnectionString);
        await foreach (var table in tables.QueryAsync())
        {
            names.Add($"table {table.Name}");
            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                names.Add($"table {table.Name} row {row.PartitionKey}/{row.RowKey}");
            }
        }

        return [.. names.Where(n => n.Contains(text, StringComparison.Ordinal))];
    }

    private static List<(string Name, byte[] Content)> ReadFiles(LocalEmulatorOptions emulator) => EmulatorFiles.ReadAll(emulator.DataPath);

    private static bool Contains(List<(string Name, byte[] Content)> files, byte[] needle) => files.Exists(f => f.Content.AsSpan().IndexOf(needle) >= 0);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
