using System.Security.Cryptography;
using Grid.Calls;
using Grid.Crypto.Format;
using Grid.Errors;
using Grid.Storage.Log;

namespace Grid.Grains.Calls;

/// <summary>
/// Writes one recording into the tenant's log, for one activation of its call: frames each chunk, hands the frame to
/// the silo's group commit and acknowledges when it is durable; keeps the ledger of chunks (to tell an exact retry
/// from a conflicting one) and writes the call's manifest at checkpoints and at the seal. Where the frames lie is
/// this type's business alone; the grain sees sequence numbers and lengths.
/// </summary>
public sealed class RecordingWriter : IDisposable
{
    private readonly string tenantId;
    private readonly string callId;
    private readonly RecordingCipher cipher;
    private readonly RecordingLog log;
    private readonly ManifestStore manifests;
    private readonly TimeProvider time;
    private readonly Dictionary<long, Chunk> ledger = [];
    private readonly List<LogExtent> unsaved = [];
    private bool headerSaved;
    private Task? checkpoint;
    private long lastCheckpoint;

    private RecordingWriter(string tenantId, string callId, RecordingCipher cipher, RecordingLog log, ManifestStore manifests, TimeProvider time)
    {
        this.tenantId = tenantId;
        this.callId = callId;
        this.cipher = cipher;
        this.log = log;
        this.manifests = manifests;
        this.time = time;
        lastCheckpoint = time.GetTimestamp();
    }

    /// <summary>The final frame found in the manifest: a seal was written, its state not yet (finish it; accept no media).</summary>
    public byte[]? SealedFinalFrame { get; private set; }

    /// <summary>Chunks that are durable, by sequence number, with their plaintext length.</summary>
    public IEnumerable<(long Sequence, int Length)> Durable =>
        ledger.Where(c => c.Value.Extent is not null).Select(c => (c.Key, c.Value.Length));

    /// <summary>A writer for a call that has just started (nothing to recover).</summary>
    public static RecordingWriter Start(string tenantId, string callId, RecordingCipher cipher, RecordingLog log, ManifestStore manifests, TimeProvider time) =>
        new(tenantId, callId, cipher, log, manifests, time);

    /// <summary>
    /// A writer for a call that reactivates: its frames are those of its manifest, plus those the log holds after
    /// the manifest's last frame in each lane the call was bound to (found by reading batch headers only).
    /// </summary>
    public static async Task<RecordingWriter> RecoverAsync(string tenantId, string callId, RecordingCipher cipher, IReadOnlyList<LogPosition> lanes, RecordingLog log, ManifestStore manifests, LogScanner scanner, TimeProvider time)
    {
        var writer = new RecordingWriter(tenantId, callId, cipher, log, manifests, time);
        var manifest = await manifests.ReadAsync(tenantId, callId, CancellationToken.None) ?? new RecordingManifest();
        writer.headerSaved = manifest.Header is not null;
        writer.SealedFinalFrame = manifest.FinalFrame;
        foreach (var extent in manifest.Extents.Values)
        {
            writer.ledger.TryAdd(extent.Sequence, new Chunk(extent.Length - RecordingCipher.FrameOverhead, extent.Tag, extent));
        }

        foreach (var lane in lanes)
        {
            var from = lane;
            foreach (var extent in manifest.Extents.Values.Where(e => LaneOf(e.Segment) == lane.Lane))
            {
                var after = new LogPosition(lane.Lane, SegmentNumberOf(extent.Segment), extent.Offset + extent.Length);
                if (after.Segment > from.Segment || (after.Segment == from.Segment && after.Offset > from.Offset))
                {
                    from = after;
                }
            }

            foreach (var extent in await scanner.FindAsync(tenantId, from, callId, CancellationToken.None))
            {
                if (writer.ledger.TryAdd(extent.Sequence, new Chunk(extent.Length - RecordingCipher.FrameOverhead, extent.Tag, extent)))
                {
                    writer.unsaved.Add(extent);
                }
            }
        }

        return writer;
    }

    /// <summary>Frames and stores one chunk; returns when it is durable (or was already).</summary>
    public async Task<AppendResult> AppendAsync(long sequence, byte[] data)
    {
        if (SealedFinalFrame is not null)
        {
            throw new CallStateException(GridErrorCode.CallSealed, "The call is being sealed; no more media is accepted.");
        }

        var frame = cipher.EncryptData(sequence, data);

        // The frame's AES-GCM tag is a MAC of the sequence number and the content under the recording's key: an
        // exact retry produces the same tag, different content a different one. A frame of conflicting content is
        // dropped here, never stored or sent.
        var tag = frame.AsSpan(frame.Length - 16, LogExtent.TagLength).ToArray();
        if (ledger.TryGetValue(sequence, out var known))
        {
            if (known.Length != data.Length || !CryptographicOperations.FixedTimeEquals(known.Tag, tag))
            {
                throw new CallStateException(GridErrorCode.ChunkConflict, $"Chunk {sequence} was already received with different content; a retry must resend the same bytes.");
            }

            if (known.Extent is not null)
            {
                return new AppendResult(sequence, Duplicate: true);
            }
        }
        else
        {
            // Remembered before the first write attempt: a retry after an ambiguous failure must carry the same bytes.
            ledger[sequence] = new Chunk(data.Length, tag, null);
        }

        var extent = await log.AppendAsync(tenantId, new LogRecord(callId, sequence, tag, frame));
        ledger[sequence] = new Chunk(data.Length, tag, extent);
        unsaved.Add(extent);
        if (checkpoint is not { IsCompleted: false } && time.GetElapsedTime(lastCheckpoint) >= log.Options.CheckpointInterval)
        {
            checkpoint = CheckpointAsync();
        }

        return new AppendResult(sequence, Duplicate: false);
    }

    /// <summary>Writes the frames not yet in the manifest (off the acknowledgement path; one at a time).</summary>
    public async Task FlushAsync()
    {
        if (checkpoint is { IsCompleted: false } running)
        {
            await running;
        }

        if (unsaved.Count > 0 || !headerSaved)
        {
            checkpoint = CheckpointAsync();
            await checkpoint;
        }
    }

    /// <summary>Best effort <see cref="FlushAsync"/> (deactivation): a failure leaves the frames to the log scan.</summary>
    public async Task TryFlushAsync()
    {
        try
        {
            await FlushAsync();
        }
        catch (StorageUnavailableException)
        {
        }
    }

    /// <summary>
    /// Seals: the manifest gets the frames not yet in it and the final frame, in one append. Returns the trailer
    /// (the one already written, when a seal was interrupted after its manifest write).
    /// </summary>
    public async Task<RecordingTrailer> SealAsync()
    {
        if (SealedFinalFrame is { } written)
        {
            return ReadTrailer(written);
        }

        if (checkpoint is { IsCompleted: false } running)
        {
            await running;
        }

        var plan = SealPlan.From(Durable);
        var final = cipher.EncryptFinal(plan.Trailer);
        var records = ManifestRecords();
        records.Add(RecordingManifest.EncodeFinal(final));
        await manifests.AppendAsync(tenantId, callId, Concat(records), CancellationToken.None);
        headerSaved = true;
        unsaved.Clear();
        SealedFinalFrame = final;
        return plan.Trailer;
    }

    public void Dispose() => cipher.Dispose();

    private async Task CheckpointAsync()
    {
        var count = unsaved.Count;
        try
        {
            await manifests.AppendAsync(tenantId, callId, Concat(ManifestRecords()), CancellationToken.None);
            headerSaved = true;
            unsaved.RemoveRange(0, count);
        }
        catch (StorageUnavailableException)
        {
            // The frames are durable in the log; the next checkpoint (or the seal) writes them to the manifest.
        }
        finally
        {
            lastCheckpoint = time.GetTimestamp();
        }
    }

    private List<byte[]> ManifestRecords()
    {
        var records = new List<byte[]>();
        if (!headerSaved)
        {
            records.Add(RecordingManifest.EncodeHeader(cipher.Header.Encode()));
        }

        if (unsaved.Count > 0)
        {
            records.Add(RecordingManifest.EncodeExtents(unsaved.ToList()));
        }

        return records;
    }

    private RecordingTrailer ReadTrailer(byte[] finalFrame)
    {
        var counter = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(finalFrame.AsSpan(1));
        return RecordingTrailer.Decode(cipher.DecryptFrame(RecordingCipher.FinalFrame, counter, finalFrame.AsSpan(RecordingCipher.FrameOverhead - 16)));
    }

    private static byte[] Concat(List<byte[]> records) => records.SelectMany(r => r).ToArray();

    /// <summary>The lane of a segment name <c>log/{lane}/{n}</c>.</summary>
    internal static string LaneOf(string segment) => segment.Split('/')[1];

    internal static int SegmentNumberOf(string segment) => int.Parse(segment.AsSpan(segment.LastIndexOf('/') + 1), System.Globalization.CultureInfo.InvariantCulture);

    private readonly record struct Chunk(int Length, byte[] Tag, LogExtent? Extent);
}
