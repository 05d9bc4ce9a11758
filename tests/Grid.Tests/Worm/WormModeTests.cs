using Azure;
using Azure.Storage.Blobs;
using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Development;
using Grid.Development.Worm;
using Grid.Errors;
using Grid.Retention;
using Grid.Security;
using Grid.Storage;
using Grid.Tenants;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace Grid.Tests.Worm;

/// <summary>
/// WORM mode end to end: a one-silo Grid whose primary and replica accounts are Azurites behind the immutability
/// shim (Azurite itself implements no immutability), on the tests' fake clock. Each test checks what the storage
/// holds, through the shim's own record and by trying, as an operator with the storage key would, to delete or
/// overwrite the recording.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class WormModeTests(GridFixture fixture) : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("grid-worm").FullName;
    private readonly List<AzuriteProcess> emulators = [];
    private ImmutabilityShim primary = null!;
    private ImmutabilityShim replica = null!;
    private TestCluster cluster = null!;

    private IClusterClient Client => cluster.Client;

    private IGrainFactory InternalGrains => ((InProcessSiloHandle)cluster.Silos[0]).SiloHost.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "primary", "replica" })
        {
            emulators.Add(await AzuriteProcess.StartAsync(
                new LocalEmulatorOptions { DataPath = Path.Combine(root, name), BlobPort = LoopbackPorts.Free(), QueuePort = LoopbackPorts.Free(), TablePort = LoopbackPorts.Free() },
                NullLogger.Instance));
        }

        primary = await ImmutabilityShim.StartAsync(emulators[0].Options.ConnectionString, fixture.Clock);
        replica = await ImmutabilityShim.StartAsync(emulators[1].Options.ConnectionString, fixture.Clock);

        // Version-level immutability on the account, as the Bicep's worm parameter gives: the shared audit containers
        // have it; each WORM tenant's recording container gets it when the test provisions the tenant.
        primary.EnableVersionLevelImmutability(AuditStore.ContainerName);
        primary.EnableVersionLevelImmutability(AuditStore.CheckpointContainerName);
        cluster = await fixture.DeployClusterAsync("grid-worm-" + Guid.NewGuid().ToString("N")[..6], silos: 1, storage: emulators[0].Options, settings: new Dictionary<string, string>
        {
            ["Grid:Storage:ConnectionString"] = primary.ConnectionString,
            ["Grid:Storage:ReplicaConnectionString"] = replica.ConnectionString,
            ["Grid:Storage:Worm:PolicyMode"] = "Locked",
        });
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        await primary.DisposeAsync();
        await replica.DisposeAsync();
        foreach (var emulator in emulators)
        {
            await emulator.DisposeAsync();
        }

        Directory.Delete(root, recursive: true);
    }

    /// <summary>A WORM tenant whose containers (primary and replica) have version-level immutability, as the Bicep's worm parameter gives.</summary>
    private async Task<string> ProvisionWormAsync(int retentionDays = 1)
    {
        var tenantId = TestTenants.NewTenantId();
        primary.EnableVersionLevelImmutability(RecordingLayout.ContainerName(tenantId));
        replica.EnableVersionLevelImmutability(RecordingLayout.ContainerName(tenantId));
        await Client.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(TestTenants.Settings() with { RetentionDays = retentionDays, Worm = true });
        return tenantId;
    }

    private async Task<(string CallId, byte[] Media, CallSummary Summary)> RecordAsync(string tenantId)
    {
        var callId = TestTenants.NewCallId();
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata());
        var media = TestTenants.RandomBytes(12_000, seed: 261);
        for (var i = 0; i < 3; i++)
        {
            await call.AppendAsync(i, media[(i * 4_000)..((i + 1) * 4_000)]);
        }

        return (callId, media, await call.EndAsync());
    }

    private static BlobClient Blob(ImmutabilityShim shim, string tenantId, string name) =>
        new BlobServiceClient(shim.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId)).GetBlobClient(name);

    private static DateTimeOffset WholeSecondAfter(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds((t.ToUnixTimeMilliseconds() + 999) / 1000);

    [Fact]
    public async Task A_sealed_recording_is_write_once_until_its_retention_end_and_nobody_deletes_redacts_or_overwrites_it_before()
    {
        var tenantId = await ProvisionWormAsync();
        var (callId, media, summary) = await RecordAsync(tenantId);
        var name = RecordingLayout.RecordingBlobName(callId);
        var expected = WholeSecondAfter(summary.RetainUntil!.Value);

        // The Grid says where it stands; storage agrees, in the primary and the replica.
        var info = await Client.GetGrain<ITenantGrain>(tenantId).GetInfoAsync();
        var inPrimary = primary.ProtectionOf(RecordingLayout.ContainerName(tenantId), name);
        var inReplica = replica.ProtectionOf(RecordingLayout.ContainerName(tenantId), name);
        var properties = (await Blob(primary, tenantId, name).GetPropertiesAsync()).Value;
        var manifestLeft = await Blob(primary, tenantId, Grid.Storage.Log.ManifestStore.BlobName(callId)).ExistsAsync();

        // An operator with the storage key: refused by storage (the shim refuses an overwrite; Azure would keep the
        // protected version as a previous version). A tenant admin through the Grid: refused by the Grid.
        var deleted = await Assert.ThrowsAsync<RequestFailedException>(() => Blob(primary, tenantId, name).DeleteAsync());
        var overwritten = await Assert.ThrowsAsync<RequestFailedException>(() => Blob(replica, tenantId, name).UploadAsync(BinaryData.FromString("forged"), overwrite: true));
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        RecordingImmutableException byAdmin, redaction;
        using (GridCredentials.Use(fixture.TokenOf("admin-61", tenantId, GridRoles.TenantAdmin)))
        {
            byAdmin = await Assert.ThrowsAsync<RecordingImmutableException>(() => call.RequestDeletionAsync());
        }

        using (GridCredentials.Use(fixture.TokenOf("dpo-62", tenantId, GridRoles.PrivacyOfficer)))
        {
            redaction = await Assert.ThrowsAsync<RecordingImmutableException>(() => call.RequestRedactionAsync(new RedactionRequest(0, 100, null, "card-data")));
        }

        var sweptEarly = await InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();
        var log = await Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();

        Assert.True(info.Settings.Worm);
        Assert.Equal(expected, summary.ImmutableUntil);
        Assert.Equal(new BlobProtection(expected, "Locked", false), inPrimary);
        Assert.Equal(new BlobProtection(expected, "Locked", false), inReplica);
        Assert.Equal((expected, Azure.Storage.Blobs.Models.BlobImmutabilityPolicyMode.Locked, false), (properties.ImmutabilityPolicy.ExpiresOn, properties.ImmutabilityPolicy.PolicyMode, properties.HasLegalHold));
        Assert.False(manifestLeft.Value);
        Assert.Equal((409, "BlobImmutableDueToPolicy"), (deleted.Status, deleted.ErrorCode));
        Assert.Equal((409, "BlobImmutableDueToPolicy"), (overwritten.Status, overwritten.ErrorCode));
        Assert.Equal((GridErrorCode.RecordingImmutable, GridErrorCode.RecordingImmutable), (byAdmin.Code, redaction.Code));
        Assert.Equal(new SweepReport(0, 0), sweptEarly with { SegmentsRemoved = 0, SegmentsCompacted = 0 });
        Assert.Contains(log.Records, r => r.Action == "recording.delete-refused" && r.CallId == callId && r.Principal == "admin-61");
        Assert.Equal(media, await TestTenants.PlayAsync(Client, tenantId, callId));

        // The audit log's signed checkpoints, the anchors of its chain, are write-once too.
        var checkpoints = new BlobServiceClient(primary.ConnectionString).GetBlobContainerClient(AuditStore.CheckpointContainerName);
        var anchors = new List<string>();
        await foreach (var item in checkpoints.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, tenantId + "/", CancellationToken.None))
        {
            anchors.Add(item.Name);
        }

        Assert.NotEmpty(anchors);
        Assert.All(anchors, a => Assert.Equal("Locked", primary.ProtectionOf(AuditStore.CheckpointContainerName, a)?.Mode));
        var anchorDeleted = await Assert.ThrowsAsync<RequestFailedException>(() => checkpoints.GetBlobClient(anchors[0]).DeleteAsync());
        Assert.Equal((409, "BlobImmutableDueToPolicy"), (anchorDeleted.Status, anchorDeleted.ErrorCode));

        // At its retention end the sweep deletes it, and storage lets it (the sweep's reminder may come first).
        fixture.Clock.Advance(expected - fixture.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();

        Assert.False((await Blob(primary, tenantId, name).ExistsAsync()).Value);
        Assert.False((await Blob(replica, tenantId, name).ExistsAsync()).Value);
        Assert.Equal(CallStatus.Deleted, (await call.GetSummaryAsync()).Status);
    }

    [Fact]
    public async Task A_seek_in_a_write_once_copy_reads_only_the_frames_of_its_range_through_the_copys_frame_index()
    {
        var tenantId = await ProvisionWormAsync();
        var callId = TestTenants.NewCallId();
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata() with { MediaType = "audio/PCMA;rate=8000;channels=2" });
        var media = TestTenants.RandomBytes(1_600 * 50, seed: 262);
        for (var i = 0; i < 50; i++)
        {
            await call.AppendAsync(i, media[(i * 1_600)..((i + 1) * 1_600)]);
        }

        await call.EndAsync();
        var files = ((InProcessSiloHandle)cluster.Silos[0]).SiloHost.Services.GetRequiredService<Grid.Grains.Calls.RecordingFiles>();
        var index = primary.ProtectionOf(RecordingLayout.ContainerName(tenantId), RecordingLayout.IndexBlobName(callId));

        async Task<(long Frames, byte[] Bytes)> RangeAsync(long from, long to)
        {
            var before = files.RangeFramesRead;
            var bytes = new List<byte>();
            using (GridCredentials.Use(fixture.TokenOf("analyst-66", tenantId, GridRoles.Analyst)))
            {
                await foreach (var piece in Client.GetGrain<IRecordingReaderGrain>(GridIds.ReaderKey(tenantId, callId, Guid.NewGuid().ToString("N")[..12])).ReadRangeAsync(from, to))
                {
                    bytes.AddRange(piece);
                }
            }

            return (files.RangeFramesRead - before, bytes.ToArray());
        }

        var near = await RangeAsync(100, 1_124);
        var far = await RangeAsync((45 * 1_600) + 100, (45 * 1_600) + 1_124);
        var across = await RangeAsync((30 * 1_600) - 512, (30 * 1_600) + 512);

        Assert.Equal("Locked", index?.Mode);
        Assert.Equal((1L, 1L, 2L), (near.Frames, far.Frames, across.Frames));
        Assert.Equal(Convert.ToHexString(media, 100, 1_024), Convert.ToHexString(near.Bytes));
        Assert.Equal(Convert.ToHexString(media, (45 * 1_600) + 100, 1_024), Convert.ToHexString(far.Bytes));
        Assert.Equal(Convert.ToHexString(media, (30 * 1_600) - 512, 1_024), Convert.ToHexString(across.Bytes));
    }

    [Fact]
    public async Task A_legal_hold_is_a_storage_legal_hold_that_outlives_the_policy_until_it_is_released()
    {
        var tenantId = await ProvisionWormAsync();
        var (callId, _, summary) = await RecordAsync(tenantId);
        var name = RecordingLayout.RecordingBlobName(callId);
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);

        var hold = await tenant.PlaceHoldAsync("CASE-W1", callId, "litigation");
        var held = primary.ProtectionOf(RecordingLayout.ContainerName(tenantId), name);
        var heldReplica = replica.ProtectionOf(RecordingLayout.ContainerName(tenantId), name);
        fixture.Clock.Advance(WholeSecondAfter(summary.RetainUntil!.Value) - fixture.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var sweptHeld = await InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();
        var deleted = await Assert.ThrowsAsync<RequestFailedException>(() => Blob(primary, tenantId, name).DeleteAsync());

        await tenant.ReleaseHoldAsync(hold.HoldId);
        var released = primary.ProtectionOf(RecordingLayout.ContainerName(tenantId), name);
        var releasedReplica = replica.ProtectionOf(RecordingLayout.ContainerName(tenantId), name);
        await InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();

        Assert.True(held!.LegalHold);
        Assert.True(heldReplica!.LegalHold);
        Assert.False(releasedReplica!.LegalHold);
        Assert.Equal((0, 1), (sweptHeld.Deleted, sweptHeld.Held));
        Assert.Equal((409, "BlobImmutableDueToLegalHold"), (deleted.Status, deleted.ErrorCode));
        Assert.False(released!.LegalHold);
        Assert.False((await Blob(primary, tenantId, name).ExistsAsync()).Value);
        Assert.Equal(CallStatus.Deleted, (await Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetSummaryAsync()).Status);
    }

    [Fact]
    public async Task Termination_crypto_shreds_write_once_recordings_and_storage_keeps_only_unreadable_ciphertext_until_the_policy_ends()
    {
        var tenantId = await ProvisionWormAsync(retentionDays: 3650);
        var (callId, media, summary) = await RecordAsync(tenantId);
        var name = RecordingLayout.RecordingBlobName(callId);
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);

        await tenant.TerminateAsync(new TerminationRequest(fixture.Clock.GetUtcNow(), ReturnWindowDays: 14, DeleteWithinDays: 15));
        fixture.Clock.Advance(TimeSpan.FromDays(14));
        var certificate = await InternalGrains.GetGrain<ITerminationGrain>(tenantId).RunDueAsync();
        var stored = (await Blob(primary, tenantId, name).DownloadContentAsync()).Value.Content.ToArray();
        var deleted = await Assert.ThrowsAsync<RequestFailedException>(() => Blob(primary, tenantId, name).DeleteAsync());
        var keys = await Client.GetGrain<Grid.Keys.ITenantKeyGrain>(tenantId).GetInfoAsync();
        var log = await Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();

        Assert.NotNull(certificate);
        Assert.Equal(CallStatus.Deleted, (await Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetSummaryAsync()).Status);
        Assert.NotNull(keys.Destruction);
        Assert.Equal(WholeSecondAfter(summary.RetainUntil!.Value), primary.ProtectionOf(RecordingLayout.ContainerName(tenantId), name)!.Until);
        Assert.Equal((409, "BlobImmutableDueToPolicy"), (deleted.Status, deleted.ErrorCode));
        Assert.True(stored.Length > media.Length);
        var keyFolder = Path.Combine(fixture.KeyPath, tenantId);
        Assert.Empty(Directory.Exists(keyFolder) ? Directory.GetFiles(keyFolder) : []);
        Assert.Equal(keys.Destruction!.Keys.Count, keys.Destruction.Keys.DistinctBy(k => k.Version).Count());
        Assert.Contains(log.Records, r => r.Action == "recording.crypto-shred" && r.CallId == callId);
    }

    [Fact]
    public async Task A_retention_extension_extends_the_write_once_policy_and_retention_is_never_shortened()
    {
        var tenantId = await ProvisionWormAsync();
        var (callId, _, summary) = await RecordAsync(tenantId);
        var name = RecordingLayout.RecordingBlobName(callId);
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var later = WholeSecondAfter(summary.RetainUntil!.Value.AddDays(30));

        CallSummary extended;
        GridValidationException shorter;
        NotAuthorizedException byAnalyst;
        using (GridCredentials.Use(fixture.TokenOf("analyst-63", tenantId, GridRoles.Analyst)))
        {
            byAnalyst = await Assert.ThrowsAsync<NotAuthorizedException>(() => call.ExtendRetentionAsync(later));
        }

        using (GridCredentials.Use(fixture.TokenOf("admin-64", tenantId, GridRoles.TenantAdmin)))
        {
            extended = await call.ExtendRetentionAsync(later);
            shorter = await Assert.ThrowsAsync<GridValidationException>(() => call.ExtendRetentionAsync(later.AddDays(-1)));
        }

        // Past the first retention end the sweep leaves it: its retention and its policy now end 30 days later.
        fixture.Clock.Advance(WholeSecondAfter(summary.RetainUntil!.Value) - fixture.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();
        var deleted = await Assert.ThrowsAsync<RequestFailedException>(() => Blob(primary, tenantId, name).DeleteAsync());

        Assert.Equal(GridErrorCode.NotAuthorized, byAnalyst.Code);
        Assert.Equal((later, later), (extended.RetainUntil, extended.ImmutableUntil));
        Assert.Equal(new BlobProtection(later, "Locked", false), primary.ProtectionOf(RecordingLayout.ContainerName(tenantId), name));
        Assert.Equal(later, replica.ProtectionOf(RecordingLayout.ContainerName(tenantId), name)!.Until);
        Assert.Equal(GridErrorCode.InvalidInput, shorter.Code);
        Assert.Equal((CallStatus.Sealed, later), ((await call.GetSummaryAsync()).Status, (await call.GetSummaryAsync()).RetainUntil));
        Assert.Equal((409, "BlobImmutableDueToPolicy"), (deleted.Status, deleted.ErrorCode));
    }

    [Fact]
    public async Task An_erasure_request_withholds_a_write_once_recording_with_its_date_and_completes()
    {
        var tenantId = await ProvisionWormAsync();
        var (callId, media, summary) = await RecordAsync(tenantId);
        var request = Client.GetGrain<Grid.Requests.IDataSubjectRequestGrain>($"{tenantId}/dsr-{Guid.NewGuid():N}"[..(tenantId.Length + 21)]);

        Grid.Requests.DataSubjectRequestInfo done;
        using (GridCredentials.Use(fixture.TokenOf("dpo-65", tenantId, GridRoles.PrivacyOfficer)))
        {
            await request.OpenAsync(new Grid.Requests.DataSubjectRequestSpec { Kind = Grid.Requests.DataSubjectRequestKind.Erasure, Identifier = "+44 20 7946 0000" });
            await request.VerifyIdentityAsync("verified by call-back");
            done = await request.RunAsync();
        }

        Assert.Equal(Grid.Requests.DataSubjectRequestStatus.Completed, done.Status);
        Assert.Empty(done.Recordings);
        var withheld = Assert.Single(done.Withheld);
        Assert.Equal(callId, withheld.CallId);
        Assert.Contains($"until its retention end, {summary.ImmutableUntil:yyyy-MM-dd}", withheld.Reason, StringComparison.Ordinal);
        Assert.Equal(media, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task A_worm_tenant_on_storage_without_immutability_is_refused_with_a_typed_error_and_nothing_is_written()
    {
        var tenantId = TestTenants.NewTenantId();
        var containers = new BlobServiceClient(primary.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));

        var refused = await Assert.ThrowsAsync<WormStorageException>(() => Client.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(TestTenants.Settings() with { Worm = true }));
        var unknown = await Assert.ThrowsAsync<TenantUnavailableException>(() => Client.GetGrain<ITenantGrain>(tenantId).GetInfoAsync());

        Assert.Equal(GridErrorCode.WormStorageNotEnabled, refused.Code);
        Assert.Contains(RecordingLayout.ContainerName(tenantId), refused.Message, StringComparison.Ordinal);
        Assert.Equal(GridErrorCode.TenantUnknown, unknown.Code);
        Assert.False((await containers.ExistsAsync()).Value);
    }
}
