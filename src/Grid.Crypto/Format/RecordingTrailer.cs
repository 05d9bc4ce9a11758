using System.Buffers.Binary;
using Grid.Calls;

namespace Grid.Crypto.Format;

/// <summary>
/// The plaintext of the final segment: how many data segments and bytes the recording holds, and which
/// sequence numbers, as ascending inclusive ranges. A reader accepts the recording only when the data segments it
/// read are exactly these.
/// </summary>
public sealed record RecordingTrailer(long SegmentCount, long MediaBytes, IReadOnlyList<SequenceRange> Present)
{
    /// <summary>The counter of the final segment: one past the last data segment, or 0 when there is none.</summary>
    public long FinalCounter => Present.Count == 0 ? 0 : Present[^1].Last + 1;

    /// <summary>Builds the trailer from the ascending sequence numbers and their plaintext lengths.</summary>
    public static RecordingTrailer FromSegments(IEnumerable<long> ascendingSequences, long mediaBytes)
    {
        var ranges = new List<SequenceRange>();
        long count = 0;
        foreach (var seq in ascendingSequences)
        {
            count++;
            if (ranges.Count > 0 && ranges[^1].Last + 1 == seq)
            {
                ranges[^1] = ranges[^1] with { Last = seq };
            }
            else
            {
                ranges.Add(new SequenceRange(seq, seq));
            }
        }

        return new RecordingTrailer(count, mediaBytes, ranges);
    }

    public byte[] Encode()
    {
        var result = new byte[8 + 8 + 4 + (Present.Count * 16)];
        BinaryPrimitives.WriteInt64BigEndian(result, SegmentCount);
        BinaryPrimitives.WriteInt64BigEndian(result.AsSpan(8), MediaBytes);
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(16), Present.Count);
        var at = 20;
        foreach (var range in Present)
        {
            BinaryPrimitives.WriteInt64BigEndian(result.AsSpan(at), range.First);
            BinaryPrimitives.WriteInt64BigEndian(result.AsSpan(at + 8), range.Last);
            at += 16;
        }

        return result;
    }

    public static RecordingTrailer Decode(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length < 20)
        {
            throw new RecordingFormatException(RecordingFormatError.BadFrame, "Final segment is too short.");
        }

        var count = BinaryPrimitives.ReadInt64BigEndian(plaintext);
        var bytes = BinaryPrimitives.ReadInt64BigEndian(plaintext[8..]);
        var rangeCount = BinaryPrimitives.ReadInt32BigEndian(plaintext[16..]);
        if (rangeCount < 0 || plaintext.Length != 20 + ((long)rangeCount * 16))
        {
            throw new RecordingFormatException(RecordingFormatError.BadFrame, "Final segment has a bad range list.");
        }

        var ranges = new SequenceRange[rangeCount];
        for (var i = 0; i < rangeCount; i++)
        {
            var at = 20 + (i * 16);
            ranges[i] = new SequenceRange(BinaryPrimitives.ReadInt64BigEndian(plaintext[at..]), BinaryPrimitives.ReadInt64BigEndian(plaintext[(at + 8)..]));
        }

        return new RecordingTrailer(count, bytes, ranges);
    }
}
