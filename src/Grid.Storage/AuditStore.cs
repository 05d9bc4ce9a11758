using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Grid.Storage;

/// <summary>
/// Append-only storage of tenants' audit logs: append blobs <c>grid-audit/{tenantId}/{segment:D6}.jsonl</c>, one
/// JSON line per record, a new segment every <see cref="RecordsPerSegment"/> records (an append blob takes at most
/// 50,000 appends).
/// </summary>
public sealed class AuditStore(StorageAccounts accounts, WormStorage? worm = null)
{
    public const string ContainerName = "grid-audit";
    public const int RecordsPerSegment = 40_000;

    /// <summary>Signed checkpoints of the logs' heads, kept apart from the logs (production: an immutable container).</summary>
    public const string CheckpointContainerName = "grid-audit-checkpoints";

    private readonly PerAccount<BlobContainerClient> logs = PerAccount.Container(accounts, ContainerName);
    private readonly PerAccount<BlobContainerClient> checkpoints = PerAccount.Container(accounts, CheckpointContainerName);

    /// <summary>
    /// Stores a checkpoint (JSON) for <paramref name="sequence"/>; never overwrites one. A WORM tenant's is written
    /// under an immutability policy (<see cref="WormStorage.AuditPolicyAsync"/>): the anchor of its chain cannot be
    /// removed or replaced, so neither can the records it signs.
    /// </summary>
    public async Task WriteCheckpointAsync(string tenantId, long sequence, byte[] json, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blob = (await checkpoints.ForAsync(tenantId, cancellationToken))
            .GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"{tenantId}/{sequence:D12}.json"));
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        if (worm is not null && await worm.AuditPolicyAsync(tenantId, cancellationToken) is { } keep)
        {
            options.ImmutabilityPolicy = new BlobImmutabilityPolicy { ExpiresOn = now + keep, PolicyMode = worm.Mode };
        }

        await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                await blob.UploadAsync(new BinaryData(json), options, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409 && e.ErrorCode == "BlobAlreadyExists")
            {
                // Already checkpointed at this sequence (a retry).
            }
        });
    }

    /// <summary>The sequence number of the tenant's latest checkpoint (0 when none), from the blob names alone.</summary>
    public async Task<long> LastCheckpointSequenceAsync(string tenantId, CancellationToken cancellationToken)
    {
        var container = await checkpoints.ForAsync(tenantId, cancellationToken);
        long last = 0;
        await RecordingStore.GuardAsync(async () =>
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenantId}/", cancellationToken))
            {
                var name = item.Name[(tenantId.Length + 1)..];
                if (name.EndsWith(".json", StringComparison.Ordinal)
                    && long.TryParse(name.AsSpan(0, name.Length - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                {
                    last = Math.Max(last, sequence);
                }
            }
        });
        return last;
    }

    /// <summary>Every checkpoint of a tenant (JSON), oldest first.</summary>
    public async Task<IReadOnlyList<byte[]>> ReadCheckpointsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var container = await checkpoints.ForAsync(tenantId, cancellationToken);
        var result = new List<byte[]>();
        await RecordingStore.GuardAsync(async () =>
        {
            result.Clear();
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenantId}/", cancellationToken))
            {
                result.Add((await container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray());
            }
        });
        return result;
    }

    public static int SegmentOf(long sequence) => checked((int)((sequence - 1) / RecordsPerSegment));

    /// <summary>Appends lines to a segment (durable when this returns); <paramref name="createSegment"/>: create it first if missing (a WORM tenant's previous, full segment then becomes write-once from <paramref name="now"/>).</summary>
    public async Task AppendAsync(string tenantId, int segment, byte[] lines, bool createSegment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blob = await SegmentAsync(tenantId, segment, cancellationToken);
        await RecordingStore.GuardAsync(async () =>
        {
            if (createSegment)
            {
                await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                if (segment > 0 && worm is not null && await worm.AuditPolicyAsync(tenantId, cancellationToken) is { } keep)
                {
                    // A WORM tenant's full segment takes no more appends: it becomes write-once.
                    var full = await SegmentAsync(tenantId, segment - 1, cancellationToken);
                    var current = (await full.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ImmutabilityPolicy?.ExpiresOn;
                    if (current is null)
                    {
                        await full.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = now + keep, PolicyMode = worm.Mode }, cancellationToken: cancellationToken);
                    }
                }
            }

            using var content = new MemoryStream(lines, writable: false);
            await blob.AppendBlockAsync(content, cancellationToken: cancellationToken);
        });
    }

    /// <summary>The segments of a tenant's log, ascending.</summary>
    public async Task<IReadOnlyList<int>> ListSegmentsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var container = await logs.ForAsync(tenantId, cancellationToken);
        var result = new List<int>();
        await RecordingStore.GuardAsync(async () =>
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenantId}/", cancellationToken))
            {
                var name = item.Name[(tenantId.Length + 1)..];
                if (name.EndsWith(".jsonl", StringComparison.Ordinal)
                    && int.TryParse(name.AsSpan(0, name.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var segment))
                {
                    result.Add(segment);
                }
            }
        });
        result.Sort();
        return result;
    }

    /// <summary>A segment's bytes (empty when it does not exist).</summary>
    public async Task<byte[]> ReadSegmentAsync(string tenantId, int segment, CancellationToken cancellationToken)
    {
        var blob = await SegmentAsync(tenantId, segment, cancellationToken);
        return await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                var content = await blob.DownloadContentAsync(cancellationToken);
                return content.Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return [];
            }
        });
    }

    private async ValueTask<AppendBlobClient> SegmentAsync(string tenantId, int segment, CancellationToken cancellationToken) =>
        (await logs.ForAsync(tenantId, cancellationToken))
            .GetAppendBlobClient(string.Create(CultureInfo.InvariantCulture, $"{tenantId}/{segment:D6}.jsonl"));
}
