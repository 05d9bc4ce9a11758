using System.Buffers.Binary;
using System.Text;

namespace Grid.Storage.Log;

/// <summary>
/// One group-commit write to a log segment: a header listing the frames (call id, sequence number, content tag,
/// length), then the frames themselves, back to back. The header makes a segment scannable without reading its
/// media: a recovering call reads the headers of the batches written after its last checkpoint.
/// <code>
/// "RGLB" | version (1) | header length (4) | body length (4) | count (4)
///        | count × [ call id length (1) | call id (UTF-8) | sequence (8) | tag (12) | frame length (4) ]
/// body   = the frames, in header order
/// </code>
/// All integers big-endian. Frames are RGRD frames (docs/recording-format.md): ciphertext only.
/// </summary>
public static class LogBatch
{
    public const byte Version = 1;
    public const int FixedHeaderLength = 4 + 1 + 4 + 4 + 4;
    private const int EntryFixedLength = 1 + 8 + LogExtent.TagLength + 4;

    private static ReadOnlySpan<byte> Magic => "RGLB"u8;

    /// <summary>Bytes the header of a batch with these entries takes.</summary>
    public static int EntryLength(string callId) => EntryFixedLength + Encoding.UTF8.GetByteCount(callId);

    /// <summary>Writes a batch into <paramref name="destination"/>; returns the header length.</summary>
    public static int Write(IReadOnlyList<LogRecord> records, Span<byte> destination)
    {
        var headerLength = FixedHeaderLength;
        long bodyLength = 0;
        foreach (var record in records)
        {
            headerLength += EntryLength(record.CallId);
            bodyLength += record.Frame.Length;
        }

        Magic.CopyTo(destination);
        destination[4] = Version;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], headerLength);
        BinaryPrimitives.WriteInt32BigEndian(destination[9..], checked((int)bodyLength));
        BinaryPrimitives.WriteInt32BigEndian(destination[13..], records.Count);
        var at = FixedHeaderLength;
        var body = headerLength;
        foreach (var record in records)
        {
            var idLength = Encoding.UTF8.GetBytes(record.CallId, destination[(at + 1)..]);
            destination[at] = checked((byte)idLength);
            at += 1 + idLength;
            BinaryPrimitives.WriteInt64BigEndian(destination[at..], record.Sequence);
            record.Tag.CopyTo(destination[(at + 8)..]);
            BinaryPrimitives.WriteInt32BigEndian(destination[(at + 8 + LogExtent.TagLength)..], record.Frame.Length);
            at += 8 + LogExtent.TagLength + 4;
            record.Frame.CopyTo(destination[body..]);
            body += record.Frame.Length;
        }

        return headerLength;
    }

    /// <summary>Total bytes of a batch holding these records.</summary>
    public static int SizeOf(IReadOnlyList<LogRecord> records)
    {
        var size = FixedHeaderLength;
        foreach (var record in records)
        {
            size += EntryLength(record.CallId) + record.Frame.Length;
        }

        return size;
    }

    /// <summary>
    /// Reads the lengths from the first <see cref="FixedHeaderLength"/> bytes of a batch; false when they are not a
    /// batch header (a torn or foreign write ends the scan).
    /// </summary>
    public static bool TryReadLengths(ReadOnlySpan<byte> start, out int headerLength, out int bodyLength)
    {
        headerLength = bodyLength = 0;
        if (start.Length < FixedHeaderLength || !start[..4].SequenceEqual(Magic) || start[4] != Version)
        {
            return false;
        }

        headerLength = BinaryPrimitives.ReadInt32BigEndian(start[5..]);
        bodyLength = BinaryPrimitives.ReadInt32BigEndian(start[9..]);
        return headerLength >= FixedHeaderLength && bodyLength >= 0;
    }

    /// <summary>The extents of a batch that starts at <paramref name="batchOffset"/> of <paramref name="segment"/>, with their call ids.</summary>
    public static List<(string CallId, LogExtent Extent)> ReadEntries(ReadOnlySpan<byte> header, string segment, long batchOffset)
    {
        var count = BinaryPrimitives.ReadInt32BigEndian(header[13..]);
        var headerLength = BinaryPrimitives.ReadInt32BigEndian(header[5..]);
        var result = new List<(string, LogExtent)>(count);
        var at = FixedHeaderLength;
        var frameOffset = batchOffset + headerLength;
        for (var i = 0; i < count; i++)
        {
            var idLength = header[at];
            var callId = Encoding.UTF8.GetString(header.Slice(at + 1, idLength));
            at += 1 + idLength;
            var sequence = BinaryPrimitives.ReadInt64BigEndian(header[at..]);
            var tag = header.Slice(at + 8, LogExtent.TagLength).ToArray();
            var length = BinaryPrimitives.ReadInt32BigEndian(header[(at + 8 + LogExtent.TagLength)..]);
            at += EntryFixedLength - 1;
            result.Add((callId, new LogExtent(sequence, segment, frameOffset, length, tag)));
            frameOffset += length;
        }

        return result;
    }
}
