using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Grid.Crypto.Format;
using Grid.Storage;
using Grid.Storage.Log;

namespace Grid.Tests.Infrastructure;

/// <summary>What storage holds for one recording, read and damaged as an attacker with storage access would.</summary>
public sealed class StoredRecording(string connectionString, string tenantId, string callId)
{
    private BlobContainerClient Container => new BlobServiceClient(connectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));

    public async Task<RecordingManifest> ManifestAsync() =>
        RecordingManifest.Decode((await Container.GetBlobClient(ManifestStore.BlobName(callId)).DownloadContentAsync()).Value.Content.ToArray());

    /// <summary>The header the manifest holds now (the latest header record).</summary>
    public async Task<RecordingHeader> HeaderAsync() => RecordingHeader.Decode((await ManifestAsync()).Header).Header;

    /// <summary>Where each frame lies: "segment:offset:length", by sequence number.</summary>
    public async Task<List<string>> ExtentsAsync() =>
        (await ManifestAsync()).Extents.Values.Select(e => $"{e.Sequence}@{e.Segment}:{e.Offset}:{e.Length}").ToList();

    /// <summary>The frame bytes of every extent, as stored.</summary>
    public async Task<List<byte[]>> FramesAsync()
    {
        var result = new List<byte[]>();
        foreach (var extent in (await ManifestAsync()).Extents.Values)
        {
            var bytes = (await Container.GetBlobClient(extent.Segment).DownloadContentAsync()).Value.Content.ToArray();
            result.Add(bytes.AsSpan((int)extent.Offset, extent.Length).ToArray());
        }

        return result;
    }

    /// <summary>Rewrites a segment blob with <paramref name="edit"/> applied to its bytes (an append blob again).</summary>
    public async Task EditSegmentAsync(string segment, Func<byte[], byte[]> edit)
    {
        var blob = Container.GetAppendBlobClient(segment);
        var bytes = edit((await blob.DownloadContentAsync()).Value.Content.ToArray());
        await blob.DeleteAsync();
        await blob.CreateAsync();
        for (var at = 0; at < bytes.Length; at += 4 * 1024 * 1024)
        {
            await blob.AppendBlockAsync(new MemoryStream(bytes, at, Math.Min(4 * 1024 * 1024, bytes.Length - at)));
        }
    }
}
