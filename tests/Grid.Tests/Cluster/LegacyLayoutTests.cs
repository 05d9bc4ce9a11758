using Azure.Storage.Blobs;
using Grid.Calls;
using Grid.Errors;
using Grid.Grains;
using Grid.Grains.Calls;
using Grid.Storage;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Grid.Tests.Cluster;

/// <summary>
/// A recording stored by an older release in storage layout v1 (part blobs <c>calls/{call}/part-{n}</c>, before the
/// log), which this release does not read: its media is refused with a typed error, its summary still answers, and
/// its deletion removes every blob of it, in the primary and in the replica.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class LegacyLayoutTests(GridFixture fixture)
{
    [Fact]
    public async Task A_sealed_recording_in_layout_v1_is_refused_with_a_typed_error_and_its_deletion_removes_every_part()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var startedAt = fixture.Clock.GetUtcNow().AddDays(-30);
        var summary = new CallSummary
        {
            TenantId = tenantId,
            CallId = callId,
            Status = CallStatus.Sealed,
            ChunkCount = 3,
            MediaBytes = 300,
            FirstSequence = 0,
            LastSequence = 2,
            StartedAt = startedAt,
            SealedAt = startedAt.AddMinutes(1),
            RetainUntil = startedAt.AddYears(1),
        };
        var (primary, replica) = await StoreLegacyAsync(tenantId, callId, new CallState { Status = CallStatus.Sealed, Parts = [0, 1], StartedAt = startedAt, Summary = summary, RetainUntil = summary.RetainUntil });
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));

        Assert.Equal(summary, await call.GetSummaryAsync());
        var played = await Assert.ThrowsAsync<RecordingLayoutUnsupportedException>(() => TestTenants.PlayAsync(fixture.Client, tenantId, callId));
        Assert.Equal(GridErrorCode.RecordingLayoutUnsupported, played.Code);
        Assert.False(played.IsTransient);
        Assert.Contains("layout v1", played.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RecordingLayoutUnsupportedException>(async () =>
        {
            await foreach (var unused in call.ReadOriginalAsync())
            {
            }
        });
        Assert.Equal(2, await CountAsync(primary, callId)); // refused, not touched

        var deleted = await call.RequestDeletionAsync();

        Assert.Equal(CallStatus.Deleted, deleted.Status);
        Assert.Equal(0, await CountAsync(primary, callId));
        Assert.Equal(0, await CountAsync(replica, callId));
        await Assert.ThrowsAsync<RecordingDeletedException>(() => TestTenants.PlayAsync(fixture.Client, tenantId, callId));
    }

    [Fact]
    public async Task A_recording_call_in_layout_v1_refuses_media_and_seal_and_can_be_deleted()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var startedAt = fixture.Clock.GetUtcNow().AddMinutes(-5); // the Grid's clock: the call is within its length limit
        var (primary, _) = await StoreLegacyAsync(tenantId, callId, new CallState { Status = CallStatus.Recording, Parts = [0], StartedAt = startedAt });
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));

        var progress = await call.GetSummaryAsync();
        await Assert.ThrowsAsync<RecordingLayoutUnsupportedException>(() => call.AppendAsync(1, new byte[160]));
        await Assert.ThrowsAsync<RecordingLayoutUnsupportedException>(() => call.EndAsync());
        var deleted = await call.RequestDeletionAsync();

        Assert.Equal((CallStatus.Recording, 0L, (DateTimeOffset?)startedAt), (progress.Status, progress.ChunkCount, progress.StartedAt));
        Assert.Equal(CallStatus.Deleted, deleted.Status);
        Assert.Equal(0, await CountAsync(primary, callId));
    }

    // What an older release left: the call's grain state naming its parts, and the part blobs, in the primary and the
    // replica (contents do not matter: this release never reads them).
    private async Task<(BlobContainerClient Primary, BlobContainerClient Replica)> StoreLegacyAsync(string tenantId, string callId, CallState state)
    {
        var silo = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services;
        var grainId = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetGrainId();
        await silo.GetRequiredKeyedService<IGrainStorage>(GridGrainStorage.Name).WriteStateAsync("call", grainId, new GrainState<CallState>(state));
        var primary = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var replica = new BlobServiceClient(fixture.ReplicaEmulator.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        foreach (var container in new[] { primary, replica })
        {
            await container.CreateIfNotExistsAsync();
            foreach (var part in state.Parts)
            {
                await container.GetBlobClient($"calls/{callId}/part-{part:D5}").UploadAsync(BinaryData.FromBytes(TestTenants.RandomBytes(256, seed: part)), overwrite: true);
            }
        }

        return (primary, replica);
    }

    private static async Task<int> CountAsync(BlobContainerClient container, string callId)
    {
        var count = 0;
        await foreach (var unused in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.Uncommitted, RecordingLayout.CallPrefix(callId), default))
        {
            count++;
        }

        return count;
    }
}
