using System.Security.Cryptography;
using Grid.Crypto.Format;
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

    private long rangeFramesRead;

    /// <summary>Frames fetched from storage by range reads since the silo started (what a seek costs; tests assert it).</summary>
    public long RangeFramesRead => Interlocked.Read(ref rangeFramesRead);

    /// <summary>
    /// The stored media from byte <paramref name="from"/> to <paramref name="to"/> (exclusive), decrypted, reading only
    /// the frames that hold it: the manifest gives every frame's place and length, so the first frame is found by a
    /// binary search and only the frames of the range are fetched (ranged blob reads), whatever the offset. The index
    /// is bound to the sealed recording: the final frame's trailer (authenticated) must list exactly the manifest's
    /// frames and their total length, and each frame's tag is verified under its sequence number. A recording kept as
    /// one blob is read the same way through its frame index (a WORM tenant's write-once copy, a redacted version), or
    /// from its start when it has none (a restored copy).
    /// </summary>
    public async IAsyncEnumerable<byte[]> ReadRangeAsync(string tenantId, string callId, CallState state, RecordingCipher cipher, long from, long to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RecordingManifest? manifest = null;
        if (!state.WholeFile)
        {
            try
            {
                manifest = await manifests.ReadAsync(tenantId, callId, cancellationToken);
            }
            catch (FormatException)
            {
                throw new RecordingCorruptException("The recording's manifest is damaged. Restore it from a replica.");
            }
        }
        else
        {
            try
            {
                // The file's frame index (a write-once copy's, a redacted version's): a cache. Without a readable one,
                // or with one of another version (its final frame does not open under this version's key), the file
                // is read from its start.
                manifest = await manifests.ReadIndexAsync(tenantId, callId, cancellationToken);
                if (manifest?.FinalFrame is { } indexed)
                {
                    var counter = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(indexed.AsSpan(1));
                    _ = cipher.DecryptFrame(RecordingCipher.FinalFrame, counter, indexed.AsSpan(RecordingCipher.FrameOverhead - 16));
                }
            }
            catch (Exception e) when (e is FormatException or RecordingFormatException or ArgumentException)
            {
                manifest = null;
            }
        }

        IAsyncEnumerable<(long Start, byte[] Data)> frames = manifest?.FinalFrame is { } final
            ? IndexedAsync(tenantId, cipher, manifest, final, from, to, cancellationToken)
            : SequentialAsync(tenantId, callId, state, cipher, cancellationToken);
        await foreach (var (start, data) in frames)
        {
            var a = (int)Math.Clamp(from - start, 0, data.Length);
            var b = (int)Math.Clamp(to - start, 0, data.Length);
            if (b > a)
            {
                yield return a == 0 && b == data.Length ? data : data[a..b];
            }

            if (start + data.Length >= to)
            {
                yield break;
            }
        }
    }

    private async IAsyncEnumerable<(long Start, byte[] Data)> IndexedAsync(string tenantId, RecordingCipher cipher, RecordingManifest manifest, byte[] final, long from, long to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var extents = manifest.Extents.Values.ToList();
        var starts = new long[extents.Count];
        long total = 0;
        for (var i = 0; i < extents.Count; i++)
        {
            starts[i] = total;
            total += extents[i].Length - RecordingCipher.FrameOverhead;
        }

        RecordingTrailer trailer;
        try
        {
            var counter = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(final.AsSpan(1));
            trailer = RecordingTrailer.Decode(cipher.DecryptFrame(RecordingCipher.FinalFrame, counter, final.AsSpan(RecordingCipher.FrameOverhead - 16)));
        }
        catch (RecordingFormatException e)
        {
            throw new RecordingCorruptException($"The recording's final frame failed its integrity check ({e.Error}). Restore it from a replica.");
        }

        var listed = RecordingTrailer.FromSegments(extents.Select(e => e.Sequence), total);
        if (trailer.SegmentCount != listed.SegmentCount || trailer.MediaBytes != listed.MediaBytes || !trailer.Present.SequenceEqual(listed.Present))
        {
            throw new RecordingCorruptException("The recording's manifest does not list the frames its sealed trailer lists. Restore it from a replica.");
        }

        var first = Array.BinarySearch(starts, from);
        first = first >= 0 ? first : Math.Max(0, ~first - 1);
        var needed = new List<LogExtent>();
        for (var i = first; i < extents.Count && starts[i] < to; i++)
        {
            needed.Add(extents[i]);
        }

        Interlocked.Add(ref rangeFramesRead, needed.Count);
        await using var stream = new LogRecordingStream(store, tenantId, [], needed, [], cancellationToken);
        var frameHeader = new byte[RecordingCipher.FrameOverhead - 16];
        for (var i = 0; i < needed.Count; i++)
        {
            var extent = needed[i];
            var frame = new byte[extent.Length];
            byte[] data;
            try
            {
                await stream.ReadExactlyAsync(frame, cancellationToken);
                var counter = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(frame.AsSpan(1));
                if (frame[0] != RecordingCipher.DataFrame || counter != extent.Sequence)
                {
                    throw new RecordingFormatException(RecordingFormatError.SegmentOrder, "A frame is not the one the manifest places there.");
                }

                data = cipher.DecryptFrame(RecordingCipher.DataFrame, counter, frame.AsSpan(frameHeader.Length));
            }
            catch (RecordingFormatException e)
            {
                throw new RecordingCorruptException($"The stored recording failed its integrity check ({e.Error}); it may have been tampered with or damaged. Restore it from a replica.");
            }
            catch (Exception e) when (e is EndOfStreamException || (e is Azure.RequestFailedException r && r.Status is 404 or 416))
            {
                throw new RecordingCorruptException("A part of the stored recording is missing. Restore it from a replica.");
            }

            yield return (starts[first + i], data);
        }
    }

    private async IAsyncEnumerable<(long Start, byte[] Data)> SequentialAsync(string tenantId, string callId, CallState state, RecordingCipher cipher, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stored = await OpenAsync(tenantId, callId, state, cancellationToken);
        long position = 0;
        var segments = RecordingReader.ReadSegmentsAsync(stored, cipher, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (segments)
        {
            try
            {
                var header = await RecordingHeader.ReadAsync(stored, cancellationToken);
                if (!header.AssociatedData.AsSpan().SequenceEqual(cipher.Header.AssociatedData))
                {
                    throw new RecordingFormatException(RecordingFormatError.BadHeader, "The stored header is not this recording's header.");
                }
            }
            catch (RecordingFormatException e)
            {
                throw new RecordingCorruptException($"The stored recording failed its integrity check ({e.Error}). Restore it from a replica.");
            }

            while (true)
            {
                byte[] data;
                try
                {
                    if (!await segments.MoveNextAsync())
                    {
                        yield break;
                    }

                    data = segments.Current.Data;
                }
                catch (RecordingFormatException e)
                {
                    throw new RecordingCorruptException($"The stored recording failed its integrity check ({e.Error}). Restore it from a replica.");
                }

                yield return (position, data);
                position += data.Length;
            }
        }
    }

    /// <summary>The recording's RGRD file as stored (no decryption), in pieces of up to 64 KiB.</summary>
    public async IAsyncEnumerable<byte[]> ReadOriginalAsync(string tenantId, string callId, CallState state, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(tenantId, callId, state, cancellationToken);
        if (state.WholeFile && state.Header is { } current)
        {
            // The grain state's header is authoritative: a write-once copy keeps the wrap it was written with, and a
            // key rotation since then re-wrapped the data key in the state only.
            try
            {
                await Grid.Crypto.Format.RecordingHeader.ReadAsync(stream, cancellationToken);
            }
            catch (Azure.RequestFailedException e) when (e.Status is 404 or 416)
            {
                throw new RecordingCorruptException("The stored recording is missing. Restore it from a replica.");
            }

            yield return current;
        }

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
            if (state.Header!.Length != length)
            {
                await RebaseIndexAsync(tenantId, callId, state.Header.Length - length);
            }

            return;
        }

        await manifests.AppendAsync(tenantId, callId, RecordingManifest.EncodeHeader(state.Header!), CancellationToken.None);
    }

    /// <summary>Writes the frame index of a new version kept as one file (see <see cref="ManifestStore.WriteIndexAsync(string, string, IReadOnlyCollection{LogExtent}, byte[], CancellationToken)"/>).</summary>
    public Task WriteIndexAsync(string tenantId, string callId, IReadOnlyCollection<LogExtent> extents, byte[] finalFrame, CancellationToken cancellationToken) =>
        manifests.WriteIndexAsync(tenantId, callId, extents, finalFrame, cancellationToken);

    // The frames of a file whose header changed length moved by that much: its frame index follows (a cache: one
    // that cannot be read is left to the readers' fallback, a read from the file's start).
    private async Task RebaseIndexAsync(string tenantId, string callId, int shift)
    {
        RecordingManifest? index;
        try
        {
            index = await manifests.ReadIndexAsync(tenantId, callId, CancellationToken.None);
        }
        catch (FormatException)
        {
            return;
        }

        if (index?.FinalFrame is { } final)
        {
            await manifests.WriteIndexAsync(tenantId, callId, [.. index.Extents.Values.Select(e => e with { Offset = e.Offset + shift })], final, CancellationToken.None);
        }
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
    /// <remarks>
    /// With <c>keepImmutable</c> (WORM mode at termination) the recording's write-once blob and its replica copy stay
    /// until their policy ends, unreadable once the tenant's key is destroyed (crypto-shredding; audited so).
    /// </remarks>
    /// <summary>
    /// Copies a sealed log recording, byte for byte, into one RGRD blob (<see cref="RecordingLayout.RecordingBlobName"/>),
    /// and writes its frame index (<see cref="RecordingLayout.IndexBlobName"/>) from the manifest, so seeks in the copy
    /// still read only their frames.
    /// </summary>
    public async Task CopyToWholeFileAsync(string tenantId, string callId, CallState state, CancellationToken cancellationToken)
    {
        // The manifest is read once: the copy is assembled from it, and the index re-bases its extents.
        var manifest = await manifests.ReadAsync(tenantId, callId, cancellationToken);
        if (manifest?.FinalFrame is not { } final)
        {
            throw new RecordingCorruptException("The recording's manifest has no final frame. Restore it from a replica.");
        }

        await using (var stored = new LogRecordingStream(store, tenantId, state.Header!, manifest.Extents.Values, final, cancellationToken))
        await using (var target = await store.OpenWholeWriteAsync(tenantId, callId, cancellationToken))
        {
            await stored.CopyToAsync(target, cancellationToken);
        }

        await manifests.WriteIndexAsync(tenantId, callId, manifest, state.Header!.Length, cancellationToken);
    }

    public async Task DeleteAsync(IGrainFactory grains, string tenantId, string callId, CallState state, DateTimeOffset at, string reason, string principal, bool keepImmutable = false)
    {
        await grains.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).AppendAsync(new Grid.Audit.AuditRecord { TenantId = tenantId, At = at, Action = keepImmutable ? "recording.crypto-shred" : "recording.delete", Purpose = reason, Principal = principal, CallId = callId });
        string[] named = [ManifestStore.BlobName(callId), RecordingLayout.RecordingBlobName(callId)];
        await manifests.DeleteAsync(tenantId, callId, CancellationToken.None);
        IReadOnlyList<string> found = [];
        if (!keepImmutable)
        {
            found = await store.DeleteCallBlobsAsync(tenantId, callId, CancellationToken.None);
            await replica.DeleteAsync(tenantId, callId, CancellationToken.None);
        }

        var names = found.Where(n => !named.Contains(n, StringComparer.Ordinal)).Order(StringComparer.Ordinal).Concat(named)
            .Select(n => $"{RecordingLayout.ContainerName(tenantId)}/{n}");
        await deletionLog.RecordAsync(tenantId, callId, at, reason, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', names)))), CancellationToken.None);
        if (state.RetainUntil is { } retainUntil)
        {
            await retentionIndex.RemoveAsync(tenantId, callId, retainUntil, CancellationToken.None);
        }
    }
}
