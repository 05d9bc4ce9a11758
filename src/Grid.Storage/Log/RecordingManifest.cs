using System.Buffers.Binary;
using System.Text;

namespace Grid.Storage.Log;

/// <summary>
/// What makes a recording out of the log: its header, where each frame lies, and (once sealed) its final frame. Stored
/// as an append blob <c>calls/{callId}/manifest</c> of records, each
/// <c>"RGMF" | kind (1) | payload length (4) | payload</c>: a header (the latest one wins: a key re-wrap appends a new
/// one), extents (written at checkpoints and at the seal; a sequence number seen twice keeps its first extent, which
/// holds the same frame), the final frame, and relocations (written by compaction after it copied frames to another
/// segment: they replace the extents of their sequence numbers). Holds no plaintext: headers carry only a wrapped
/// key, frames are ciphertext, extents are positions.
/// </summary>
public sealed class RecordingManifest
{
    public const byte HeaderKind = 1;
    public const byte ExtentsKind = 2;
    public const byte FinalKind = 3;
    public const byte RelocationKind = 4;

    private static ReadOnlySpan<byte> Magic => "RGMF"u8;

    public byte[]? Header { get; private set; }

    public SortedDictionary<long, LogExtent> Extents { get; } = [];

    public byte[]? FinalFrame { get; private set; }

    public static byte[] EncodeHeader(byte[] header) => Record(HeaderKind, header);

    public static byte[] EncodeFinal(byte[] finalFrame) => Record(FinalKind, finalFrame);

    public static byte[] EncodeExtents(IReadOnlyCollection<LogExtent> extents) => Record(ExtentsKind, ExtentsPayload(extents));

    /// <summary>Where compaction copied frames to: replaces the extents of these sequence numbers.</summary>
    public static byte[] EncodeRelocation(IReadOnlyCollection<LogExtent> extents) => Record(RelocationKind, ExtentsPayload(extents));

    private static byte[] ExtentsPayload(IReadOnlyCollection<LogExtent> extents)
    {
        var segments = extents.Select(e => e.Segment).Distinct(StringComparer.Ordinal).ToList();
        var index = segments.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        using var payload = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(number, checked((ushort)segments.Count));
        payload.Write(number[..2]);
        foreach (var segment in segments)
        {
            var name = Encoding.UTF8.GetBytes(segment);
            payload.WriteByte(checked((byte)name.Length));
            payload.Write(name);
        }

        BinaryPrimitives.WriteInt32BigEndian(number, extents.Count);
        payload.Write(number[..4]);
        foreach (var extent in extents)
        {
            BinaryPrimitives.WriteInt64BigEndian(number, extent.Sequence);
            payload.Write(number);
            BinaryPrimitives.WriteUInt16BigEndian(number, (ushort)index[extent.Segment]);
            payload.Write(number[..2]);
            BinaryPrimitives.WriteInt64BigEndian(number, extent.Offset);
            payload.Write(number);
            BinaryPrimitives.WriteInt32BigEndian(number, extent.Length);
            payload.Write(number[..4]);
            payload.Write(extent.Tag);
        }

        return payload.ToArray();
    }

    /// <summary>Reads a manifest; a malformed record throws <see cref="FormatException"/>.</summary>
    public static RecordingManifest Decode(ReadOnlySpan<byte> bytes)
    {
        var manifest = new RecordingManifest();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 9 || !bytes.Slice(at, 4).SequenceEqual(Magic))
            {
                throw new FormatException("A recording manifest record is malformed.");
            }

            var kind = bytes[at + 4];
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes[(at + 5)..]);
            if (length < 0 || length > bytes.Length - at - 9)
            {
                throw new FormatException("A recording manifest record is truncated.");
            }

            var payload = bytes.Slice(at + 9, length);
            switch (kind)
            {
                case HeaderKind:
                    manifest.Header = payload.ToArray();
                    break;
                case ExtentsKind:
                    manifest.ReadExtents(payload, replace: false);
                    break;
                case RelocationKind:
                    manifest.ReadExtents(payload, replace: true);
                    break;
                case FinalKind:
                    manifest.FinalFrame = payload.ToArray();
                    break;
                default:
                    throw new FormatException($"Unknown recording manifest record kind {kind}.");
            }

            at += 9 + length;
        }

        return manifest;
    }

    private void ReadExtents(ReadOnlySpan<byte> payload, bool replace)
    {
        var segmentCount = BinaryPrimitives.ReadUInt16BigEndian(payload);
        var at = 2;
        var segments = new string[segmentCount];
        for (var i = 0; i < segmentCount; i++)
        {
            var length = payload[at];
            segments[i] = Encoding.UTF8.GetString(payload.Slice(at + 1, length));
            at += 1 + length;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(payload[at..]);
        at += 4;
        for (var i = 0; i < count; i++)
        {
            var sequence = BinaryPrimitives.ReadInt64BigEndian(payload[at..]);
            var segment = segments[BinaryPrimitives.ReadUInt16BigEndian(payload[(at + 8)..])];
            var offset = BinaryPrimitives.ReadInt64BigEndian(payload[(at + 10)..]);
            var length = BinaryPrimitives.ReadInt32BigEndian(payload[(at + 18)..]);
            var tag = payload.Slice(at + 22, LogExtent.TagLength).ToArray();
            at += 22 + LogExtent.TagLength;
            var extent = new LogExtent(sequence, segment, offset, length, tag);
            if (replace)
            {
                // A relocation only moves frames the manifest already knows (the same frame, elsewhere).
                if (Extents.ContainsKey(sequence))
                {
                    Extents[sequence] = extent;
                }
            }
            else
            {
                Extents.TryAdd(sequence, extent);
            }
        }
    }

    private static byte[] Record(byte kind, ReadOnlySpan<byte> payload)
    {
        var record = new byte[9 + payload.Length];
        Magic.CopyTo(record);
        record[4] = kind;
        BinaryPrimitives.WriteInt32BigEndian(record.AsSpan(5), payload.Length);
        payload.CopyTo(record.AsSpan(9));
        return record;
    }
}
