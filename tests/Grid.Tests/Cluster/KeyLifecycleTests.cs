using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Grid.Audit;
using Grid.Calls;
using Grid.Crypto.Format;
using Grid.Errors;
using Grid.Keys;
using Grid.Storage;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Cluster;

[Collection(GridCollection.Name)]
public sealed class KeyLifecycleTests(GridFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private async Task<(string CallId, byte[] Media)> RecordAsync(string tenantId, bool end = true, int seed = 1)
    {
        var callId = TestTenants.NewCallId();
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var media = TestTenants.RandomBytes(700, seed);
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, media);
        if (end)
        {
            await call.EndAsync();
        }

        return (callId, media);
    }

    private Task<RecordingHeader> StoredHeaderAsync(string tenantId, string callId) =>
        new StoredRecording(fixture.ConnectionString, tenantId, callId).HeaderAsync();

    [Fact]
    public async Task After_rotation_new_recordings_use_the_new_version_and_old_ones_still_play()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var (oldCall, oldMedia) = await RecordAsync(tenantId, seed: 1);

        var report = await Client.GetGrain<IKeyRotationGrain>(tenantId).RotateAsync(rewrapExisting: false);
        var (newCall, newMedia) = await RecordAsync(tenantId, seed: 2);

        Assert.Equal(2, report.NewKey.Version);
        Assert.Equal(0, report.Rewrapped);
        Assert.Equal(1, (await StoredHeaderAsync(tenantId, oldCall)).Envelope.Key.Version);
        Assert.Equal(2, (await StoredHeaderAsync(tenantId, newCall)).Envelope.Key.Version);
        Assert.Equal(oldMedia, await TestTenants.PlayAsync(Client, tenantId, oldCall));
        Assert.Equal(newMedia, await TestTenants.PlayAsync(Client, tenantId, newCall));
    }

    [Fact]
    public async Task Rotation_with_rewrap_moves_sealed_and_recording_calls_to_the_new_version_without_touching_media()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var (sealedCall, sealedMedia) = await RecordAsync(tenantId, seed: 3);
        var (openCall, openMedia) = await RecordAsync(tenantId, end: false, seed: 4);
        var containerBefore = await ReadDataBlocksAsync(tenantId, sealedCall);

        var report = await Client.GetGrain<IKeyRotationGrain>(tenantId).RotateAsync(rewrapExisting: true);
        await Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, openCall)).EndAsync();
        var again = await Client.GetGrain<IKeyRotationGrain>(tenantId).RotateAsync(rewrapExisting: false);

        Assert.Equal(new KeyRotationReport(report.NewKey, 2, 0, []), report with { Failed = [] });
        Assert.Empty(report.Failed);
        Assert.Equal(2, (await StoredHeaderAsync(tenantId, sealedCall)).Envelope.Key.Version);
        Assert.Equal(2, (await StoredHeaderAsync(tenantId, openCall)).Envelope.Key.Version);
        Assert.Equal(containerBefore, await ReadDataBlocksAsync(tenantId, sealedCall));
        Assert.Equal(3, again.NewKey.Version);
        Assert.Equal(sealedMedia, await TestTenants.PlayAsync(Client, tenantId, sealedCall));
        Assert.Equal(openMedia, await TestTenants.PlayAsync(Client, tenantId, openCall));
    }

    [Fact]
    public async Task A_revoked_key_blocks_playback_and_new_calls_at_once_and_re_enabling_restores()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var (callId, media) = await RecordAsync(tenantId, seed: 5);
        var keys = Client.GetGrain<ITenantKeyGrain>(tenantId);

        var revoked = await keys.RevokeAsync();
        var play = await Assert.ThrowsAsync<KeyRevokedException>(() => TestTenants.PlayAsync(Client, tenantId, callId));
        var start = await Assert.ThrowsAsync<KeyRevokedException>(() => RecordAsync(tenantId));
        var metadata = await Assert.ThrowsAsync<KeyRevokedException>(() => Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetMetadataAsync());

        Assert.Equal(TenantKeyStatus.Revoked, revoked.Status);
        Assert.Equal(GridErrorCode.KeyRevoked, play.Code);
        Assert.Equal(GridErrorCode.KeyRevoked, start.Code);
        Assert.Equal(GridErrorCode.KeyRevoked, metadata.Code);
        Assert.Equal(TenantKeyStatus.Active, (await keys.EnableAsync()).Status);
        Assert.Equal(media, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task Destroying_the_key_makes_every_recording_permanently_unreadable_and_is_recorded()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var (callId, _) = await RecordAsync(tenantId, seed: 6);
        await Client.GetGrain<IKeyRotationGrain>(tenantId).RotateAsync(rewrapExisting: false);
        var keys = Client.GetGrain<ITenantKeyGrain>(tenantId);
        var header = await StoredHeaderAsync(tenantId, callId);

        var internalKeys = fixture.InternalGrains.GetGrain<ITenantKeyGrain>(tenantId);
        var destruction = await internalKeys.DestroyAsync("admin-1");
        var again = await internalKeys.DestroyAsync("admin-1");

        Assert.Equal(destruction, again with { Keys = destruction.Keys });
        Assert.Equal([1, 2], destruction.Keys.Select(k => k.Version));
        Assert.Equal("admin-1", destruction.Principal);
        Assert.Equal(GridErrorCode.KeyDestroyed, (await Assert.ThrowsAsync<KeyDestroyedException>(() => TestTenants.PlayAsync(Client, tenantId, callId))).Code);
        Assert.Equal(GridErrorCode.KeyDestroyed, (await Assert.ThrowsAsync<KeyDestroyedException>(() => keys.EnableAsync())).Code);
        Assert.Equal(GridErrorCode.KeyDestroyed, (await Assert.ThrowsAsync<KeyDestroyedException>(() => RecordAsync(tenantId))).Code);
        Assert.Empty(Directory.GetFiles(Path.Combine(fixture.KeyPath, tenantId)));

        // Custody itself can no longer unwrap the stored envelope: a copy of the recording is as dead as the original.
        var custody = new Grid.Crypto.Custody.SoftwareKeyCustody(Microsoft.Extensions.Options.Options.Create(new Grid.Crypto.Custody.SoftwareKeyCustodyOptions { RootPath = fixture.KeyPath }));
        await Assert.ThrowsAsync<KeyDestroyedException>(() => custody.UnwrapAsync(header.Envelope, Encoding.UTF8.GetBytes($"{tenantId}/{callId}"), CancellationToken.None));
    }

    [Fact]
    public async Task Every_wrap_and_unwrap_is_in_the_tenants_hash_chained_audit_log()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var (callId, media) = await RecordAsync(tenantId, seed: 7);
        var principal = fixture.TokenOf("auditor-9", tenantId, Grid.Security.GridRoles.Analyst);
        Assert.Equal(media, await TestTenants.PlayAsync(Client, tenantId, callId, principal));

        var log = await Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();

        Assert.True(log.ChainIntact);
        Assert.Null(log.FirstBrokenSequence);
        Assert.Equal(
            [
                ("key.create", "provision", "grid:tenant", (string?)null, 1),
                ("key.wrap", "new-recording", "test-user", callId, 1),
                ("key.index.create", "index-call", "test-user", null, 1),
                ("key.unwrap", "playback", "auditor-9", callId, 1),
            ],
            log.Records.Select(r => (r.Action, r.Purpose, r.Principal, r.CallId, r.KeyVersion!.Value)));
        Assert.Equal([1L, 2L, 3L, 4L], log.Records.Select(r => r.Sequence));
        Assert.Equal(log.Records[0].Hash, log.Records[1].PreviousHash);
    }

    [Fact]
    public async Task An_edited_audit_record_breaks_the_chain_from_that_record_on()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        await RecordAsync(tenantId, seed: 8);
        var blob = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(AuditStore.ContainerName).GetAppendBlobClient($"{tenantId}/000000.jsonl");
        var text = (await blob.DownloadContentAsync()).Value.Content.ToString();
        var edited = text.Replace("\"purpose\":\"new-recording\"", "\"purpose\":\"innocent\"", StringComparison.Ordinal);
        Assert.NotEqual(text, edited);
        await blob.DeleteAsync();
        await blob.CreateAsync();
        await blob.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(edited)));

        var log = await Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();

        Assert.False(log.ChainIntact);
        Assert.Equal(2, log.FirstBrokenSequence);
    }

    private async Task<List<string>> ReadDataBlocksAsync(string tenantId, string callId)
    {
        var stored = new StoredRecording(fixture.ConnectionString, tenantId, callId);
        return (await stored.ExtentsAsync()).Concat((await stored.FramesAsync()).Select(Convert.ToHexString)).ToList();
    }
}
