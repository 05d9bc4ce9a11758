using Azure.Storage.Blobs;
using Grid.Calls;
using Grid.Errors;
using Grid.Keys;
using Grid.Storage;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Cluster;

/// <summary>The encrypted replica in a second storage account (a second Azurite) and the restore from it.</summary>
[Collection(GridCollection.Name)]
public sealed class ReplicaRestoreTests(GridFixture fixture)
{
    private RecordingReplica Replica() => new(StorageAccounts.Single(GridStorageClients.Create(new GridStorageOptions
    {
        ConnectionString = fixture.ConnectionString,
        ReplicaConnectionString = fixture.ReplicaEmulator.ConnectionString,
    })));

    private async Task<(string TenantId, string CallId, byte[] Media)> RecordAsync()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var media = TestTenants.RandomBytes(6 * 400, seed: 4242);
        await call.StartAsync(TestTenants.Metadata());
        for (var seq = 0; seq < 6; seq++)
        {
            await call.AppendAsync(seq, media.AsSpan(seq * 400, 400).ToArray());
        }

        await call.EndAsync();
        return (tenantId, callId, media);
    }

    [Fact]
    public async Task After_the_primary_container_is_lost_the_restore_brings_playback_back()
    {
        var (tenantId, callId, media) = await RecordAsync();
        var replicaContainer = new BlobServiceClient(fixture.ReplicaEmulator.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        Assert.True((await replicaContainer.GetBlobClient(RecordingLayout.RecordingBlobName(callId)).ExistsAsync()).Value);

        await new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId)).DeleteAsync();
        var lost = await Assert.ThrowsAsync<RecordingCorruptException>(() => TestTenants.PlayAsync(fixture.Client, tenantId, callId));
        var restored = await Replica().RestoreTenantAsync(tenantId, default);

        Assert.Equal(GridErrorCode.RecordingCorrupt, lost.Code);
        Assert.Equal(1, restored);
        Assert.Equal(media, await TestTenants.PlayAsync(fixture.Client, tenantId, callId));
    }

    [Fact]
    public async Task Crypto_shredding_also_makes_the_replica_unreadable()
    {
        var (tenantId, callId, _) = await RecordAsync();
        await fixture.InternalGrains.GetGrain<ITenantKeyGrain>(tenantId).DestroyAsync("admin-1");
        await new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId)).DeleteAsync();

        var restored = await Replica().RestoreTenantAsync(tenantId, default);
        var error = await Assert.ThrowsAsync<KeyDestroyedException>(() => TestTenants.PlayAsync(fixture.Client, tenantId, callId));

        Assert.Equal(1, restored);
        Assert.Equal(GridErrorCode.KeyDestroyed, error.Code);
    }

    [Fact]
    public async Task Deleting_a_recording_deletes_its_replica_too()
    {
        var (tenantId, callId, _) = await RecordAsync();

        await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).RequestDeletionAsync();

        var replicaContainer = new BlobServiceClient(fixture.ReplicaEmulator.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        Assert.False((await replicaContainer.GetBlobClient(RecordingLayout.RecordingBlobName(callId)).ExistsAsync()).Value);
    }
}
