using Azure;
using Azure.Storage.Blobs.Specialized;

namespace Grid.Storage.Log;

/// <summary>
/// The manifests of recordings (<see cref="RecordingManifest"/>), append blobs <c>calls/{callId}/manifest</c> in the
/// tenant's container. One small append per checkpoint and one at the seal.
/// </summary>
public sealed class ManifestStore(RecordingStore store)
{
    public static string BlobName(string callId) => $"calls/{callId}/manifest";

    /// <summary>Creates the (empty) manifest: the call is listed in its tenant's container from its start.</summary>
    public async Task CreateAsync(string tenantId, string callId, CancellationToken cancellationToken)
    {
        await store.EnsureContainerAsync(tenantId, cancellationToken);
        var blob = await BlobAsync(tenantId, callId, cancellationToken);
        await RecordingStore.GuardAsync(() => blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
    }

    /// <summary>Appends records (durable when this returns); creates the manifest when it is missing.</summary>
    public async Task AppendAsync(string tenantId, string callId, byte[] records, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(tenantId, callId, cancellationToken);
        await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                using var content = new MemoryStream(records, writable: false);
                await blob.AppendBlockAsync(content, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                await store.EnsureContainerAsync(tenantId, cancellationToken);
                await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                using var content = new MemoryStream(records, writable: false);
                await blob.AppendBlockAsync(content, cancellationToken: cancellationToken);
            }
        });
    }

    /// <summary>
    /// Appends records to a manifest that exists; false when it does not (the recording was deleted: a deleted
    /// recording's manifest is never brought back).
    /// </summary>
    public async Task<bool> AppendIfExistsAsync(string tenantId, string callId, byte[] records, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(tenantId, callId, cancellationToken);
        return await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                using var content = new MemoryStream(records, writable: false);
                await blob.AppendBlockAsync(content, cancellationToken: cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return false;
            }
        });
    }

    /// <summary>The manifest, or null when there is none.</summary>
    public Task<RecordingManifest?> ReadAsync(string tenantId, string callId, CancellationToken cancellationToken) =>
        ReadNamedAsync(tenantId, BlobName(callId), cancellationToken);

    /// <summary>
    /// Writes the frame index of a recording kept as one file (<see cref="RecordingLayout.IndexBlobName"/>): the log
    /// manifest's frames re-based into the file (<paramref name="headerLength"/> bytes of header, then the frames in
    /// order), and its final frame.
    /// </summary>
    public async Task WriteIndexAsync(string tenantId, string callId, RecordingManifest manifest, int headerLength, CancellationToken cancellationToken)
    {
        var file = RecordingLayout.RecordingBlobName(callId);
        long offset = headerLength;
        var extents = new List<LogExtent>(manifest.Extents.Count);
        foreach (var extent in manifest.Extents.Values)
        {
            extents.Add(extent with { Segment = file, Offset = offset });
            offset += extent.Length;
        }

        await WriteIndexAsync(tenantId, callId, extents, manifest.FinalFrame!, cancellationToken);
    }

    /// <summary>
    /// Writes the frame index of a recording kept as one file from the frames as written into it
    /// (<paramref name="extents"/> name the file and their offsets in it) and its final frame: a redacted version.
    /// </summary>
    public async Task WriteIndexAsync(string tenantId, string callId, IReadOnlyCollection<LogExtent> extents, byte[] finalFrame, CancellationToken cancellationToken)
    {
        var bytes = RecordingManifest.EncodeExtents(extents).Concat(RecordingManifest.EncodeFinal(finalFrame)).ToArray();
        var blob = (await store.ContainerAsync(tenantId, cancellationToken)).GetBlobClient(RecordingLayout.IndexBlobName(callId));
        await RecordingStore.GuardAsync(() => blob.UploadAsync(new BinaryData(bytes), overwrite: true, cancellationToken));
    }

    /// <summary>The frame index of a recording kept as one file, or null when it has none.</summary>
    public Task<RecordingManifest?> ReadIndexAsync(string tenantId, string callId, CancellationToken cancellationToken) =>
        ReadNamedAsync(tenantId, RecordingLayout.IndexBlobName(callId), cancellationToken);

    private async Task<RecordingManifest?> ReadNamedAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        var blob = (await store.ContainerAsync(tenantId, cancellationToken)).GetBlobClient(name);
        var bytes = await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        });
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return RecordingManifest.Decode(bytes);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException("A recording manifest record is truncated.", e);
        }
    }

    /// <summary>Deletes the manifest (idempotent). From then on the recording's frames are unreachable.</summary>
    public async Task DeleteAsync(string tenantId, string callId, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(tenantId, callId, cancellationToken);
        await RecordingStore.GuardAsync(() => blob.DeleteIfExistsAsync(cancellationToken: cancellationToken));
    }

    private async ValueTask<AppendBlobClient> BlobAsync(string tenantId, string callId, CancellationToken cancellationToken) =>
        (await store.ContainerAsync(tenantId, cancellationToken)).GetAppendBlobClient(BlobName(callId));
}
