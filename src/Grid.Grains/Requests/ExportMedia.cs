using System.Buffers.Binary;

namespace Grid.Grains.Requests;

/// <summary>
/// How a recording's media goes into an export bundle: WAV stays as it is; G.711 (<c>audio/PCMU</c>,
/// <c>audio/PCMA</c>, 8 kHz mono as RTP carries it) gets a WAV header so any player opens it; anything else is the
/// original bytes with the media type in the manifest.
/// </summary>
public static class ExportMedia
{
    /// <summary>The file extension for a media type.</summary>
    public static string Extension(string mediaType) => Kind(mediaType) switch
    {
        0 => "bin",
        _ => "wav",
    };

    /// <summary>The bytes that precede the media in the exported file (empty when it is kept as it is).</summary>
    public static byte[] Prefix(string mediaType, long mediaBytes)
    {
        var format = Kind(mediaType);
        if (format is 0 or 1 || mediaBytes > uint.MaxValue - 50)
        {
            return [];
        }

        // RIFF/WAVE with a non-PCM "fmt " chunk (18 bytes: cbSize 0) and the "fact" chunk non-PCM formats carry.
        var header = new byte[58];
        var span = header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(50 + mediaBytes));
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 18);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], (ushort)format);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], 8000);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], 8000);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(span[36..], 0);
        "fact"u8.CopyTo(span[38..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[42..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[46..], (uint)mediaBytes);
        "data"u8.CopyTo(span[50..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[54..], (uint)mediaBytes);
        return header;
    }

    /// <summary>0 other, 1 WAV already, 7 µ-law, 6 A-law (the WAVE format tags).</summary>
    private static int Kind(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "audio/wav" or "audio/wave" or "audio/x-wav" or "audio/vnd.wave" => 1,
        "audio/pcmu" or "audio/basic" => 7,
        "audio/pcma" => 6,
        _ => 0,
    };
}
