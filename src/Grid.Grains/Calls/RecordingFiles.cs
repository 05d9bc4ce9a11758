using System.Security.Cryptography;
using Grid.Errors;
using Grid.Storage;
using Grid.Storage.Log;

namespace Grid.Grains.Calls;

/// <summary>
/// A sealed recording as an RGRD file, wherever its bytes are: assembled from the log by its manifest, or a whole blob
/// restored from the replica. And the deletion of all of it, with the replica, the retention index entry and the
/// deletion log record. A recording stored in layout v1 (part blobs, before the log) is refused
/// (<see cref="CallLifecycle.RequireLogLayout"/>), except for its deletion.
/// </summary>
public sealed class RecordingFiles(RecordingStore store, ManifestStore manifests, RecordingReplica replica, RetentionIndex retentionIndex, DeletionLog deletionLog)
{
    /// <summary>The recording's bytes as one stream (header, frames, final frame); storage failures surface when read.</summary>
    public async Task<Stream> OpenAsync(string tenantId, string callId, CallState state, CancellationToken cancellationToken)
    {
        new CallLifecycle(state).RequireLogLayout();
        if (state.WholeFile)
        {
            // A redacted version: one RGRD blob, whatever manifest of the destroyed original may still be there.
            return await store.OpenWholeAsync(tenantId, callId, cancellationToken);
        }

        RecordingManifest? manifest;
        try
        {
            manifest = await manifests.ReadAsync(tenantId, callId, cancellationToken);
        }
        catch (FormatException)
        {
            throw new RecordingCorruptException("The recording's manifest is damaged. Restore it from a replica.");
        }

        if (manifest is null)
        {
            return await store.OpenWholeAsync(tenantId, callId, cancellationToken);
        }

        if (manifest.FinalFrame is null)
        {
            throw new RecordingCorruptException("The recording's manifest has no final frame. Restore it from a replica.");
        }

        return new LogRecordingStream(store, tenantId, state.Header!, manifest.Extents.Values, manifest.FinalFrame, cancellationToken);
    }

    /// <summary>The recording's RGRD file as stored (no decryption), in pieces of up to 64 KiB.</summary>
    public async IAsyncEnumerable<byte[]> ReadOriginalAsync(string tenantId, string callId, CallState state, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(tenantId, callId, state, cancellationToken);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            }
            catch (Azure.RequestFailedException e) when (e.Status is 404 or 416)
            {
                throw new RecordingCorruptException("A part of the stored recording is missing. Restore it from a replica.");
            }

            if (read > 0)
            {
                yield return buffer[..read];
            }

            if (read < buffer.Length)
            {
                yield break;
            }
        }
    }

    /// <summary>Writes one audit record about the recording.</summary>
    public static Task AuditAsync(IGrainFactory grains, string tenantId, string callId, string action, string purpose, string principal, DateTimeOffset at) =>
        grains.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).AppendAsync(new Grid.Audit.AuditRecord { TenantId = tenantId, At = at, Action = action, Purpose = purpose, Principal = principal, CallId = callId });

    /// <summary>
    /// After a key re-wrap: the stored header follows the grain state (a new manifest header record). A layout v1
    /// recording's parts are not rewritten: the grain state, which holds the re-wrapped key, is what any reader unwraps.
    /// </summary>
    public async Task RewriteHeaderAsync(string tenantId, string callId, CallState state)
    {
        if (new CallLifecycle(state).PredatesLog)
        {
            return;
        }

        if (state.WholeFile)
        {
            // One RGRD blob: rewritten with the new header in front of the same frames (replaced in one commit).
            using var copy = new MemoryStream();
            await using (var stored = await store.OpenWholeAsync(tenantId, callId, CancellationToken.None))
            {
                await stored.CopyToAsync(copy);
            }

            var length = Grid.Crypto.Format.RecordingHeader.Decode(copy.GetBuffer().AsSpan(0, (int)copy.Length)).Length;
            await using var target = await store.OpenWholeWriteAsync(tenantId, callId, CancellationToken.None);
            await target.WriteAsync(state.Header);
            await target.WriteAsync(copy.GetBuffer().AsMemory(length, (int)copy.Length - length));
            return;
        }

        await manifests.AppendAsync(tenantId, callId, RecordingManifest.EncodeHeader(state.Header!), CancellationToken.None);
    }

    /// <summary>Opens the blob a new version of the recording is written to (see <see cref="RecordingStore.OpenWholeWriteAsync"/>).</summary>
    public Task<Stream> OpenVersionWriteAsync(string tenantId, string callId, CancellationToken cancellationToken) =>
        store.OpenWholeWriteAsync(tenantId, callId, cancellationToken);

    /// <summary>
    /// After a redacted version took over (the grain state names its header): removes the way to the original's frames
    /// in the log (its manifest, which also held the original's wrapped key), so the next collection removes the frames
    /// themselves. Idempotent.
    /// </summary>
    public Task DestroyLogVersionAsync(string tenantId, string callId) =>
        manifests.DeleteAsync(tenantId, callId, CancellationToken.None);

    /// <summary>
    /// <see cref="ReplicateAsync"/>, but the seal does not depend on it: a replica that is down is logged; the primary
    /// copy is what acknowledgements promise.
    /// </summary>
    public async Task TryReplicateAsync(string tenantId, string callId, CallState state, Microsoft.Extensions.Logging.ILogger logger)
    {
        try
        {
            await ReplicateAsync(tenantId, callId, state);
        }
        catch (Exception e) when (e is StorageUnavailableException or Azure.RequestFailedException)
        {
            CallLog.ReplicaFailed(logger, tenantId, callId);
        }
    }

    /// <summary>Copies a sealed recording to the replica account (nothing when no replica is configured).</summary>
    public async Task ReplicateAsync(string tenantId, string callId, CallState state)
    {
        if (!await replica.EnabledForAsync(tenantId, CancellationToken.None))
        {
            return;
        }

        await using var recording = await OpenAsync(tenantId, callId, state, CancellationToken.None);
        await replica.ReplicateAsync(tenantId, callId, recording, CancellationToken.None);
    }

    /// <summary>
    /// Removes every way to the recording: manifest first (the frames in the log become unreachable; with the wrapped
    /// key gone from the grain state they are unreadable), then every other blob under the recording's prefix (a
    /// restored whole file; a layout v1 recording's part blobs), the replica's, the retention entry; records the
    /// deletion (with a hash of the names deleted) in the deletion log. The audit record is written first.
    /// </summary>
    public async Task DeleteAsync(IGrainFactory grains, string tenantId, string callId, CallState state, DateTimeOffset at, string reason, string principal)
    {
        await grains.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).AppendAsync(new Grid.Audit.AuditRecord { TenantId = tenantId, At = at, Action = "recording.delete", Purpose = reason, Principal = principal, CallId = callId });
        string[] named = [ManifestStore.BlobName(callId), RecordingLayout.RecordingBlobName(callId)];
        await manifests.DeleteAsync(tenantId, callId, CancellationToken.None);
        var found = await store.DeleteCallBlobsAsync(tenantId, callId, CancellationToken.None);
        await replica.DeleteAsync(tenantId, callId, CancellationToken.None);
        var names = found.Where(n => !named.Contains(n, StringComparer.Ordinal)).Order(StringComparer.Ordinal).Concat(named)
            .Select(n => $"{RecordingLayout.ContainerName(tenantId)}/{n}");
        await deletionLog.RecordAsync(tenantId, callId, at, reason, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', names)))), CancellationToken.None);
        if (state.RetainUntil is { } retainUntil)
        {
            await retentionIndex.RemoveAsync(tenantId, callId, retainUntil, CancellationToken.None);
        }
    }
}
