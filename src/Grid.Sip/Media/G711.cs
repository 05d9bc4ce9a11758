namespace Grid.Sip.Media;

/// <summary>
/// ITU-T G.711 µ-law and A-law: silence values and the conversions to and from 16-bit linear PCM (used when the two
/// recorded streams use different laws and are stored as L16). The segment arithmetic of G.711 §A/§B, written by hand.
/// </summary>
public static class G711
{
    /// <summary>A-law silence (the code for the smallest positive level; what A-law SRCs send for silence).</summary>
    public const byte AlawSilence = 0xD5;

    /// <summary>µ-law silence (positive zero).</summary>
    public const byte UlawSilence = 0xFF;

    private static readonly short[] AlawTable = BuildTable(AlawToLinearSlow);
    private static readonly short[] UlawTable = BuildTable(UlawToLinearSlow);

    /// <summary>The silence byte of a stored codec (0 for L16, whose silence is two zero bytes).</summary>
    public static byte SilenceOf(MediaCodec codec) => codec switch
    {
        MediaCodec.Pcma => AlawSilence,
        MediaCodec.Pcmu => UlawSilence,
        _ => 0,
    };

    /// <summary>Decodes one A-law byte.</summary>
    public static short AlawToLinear(byte alaw) => AlawTable[alaw];

    /// <summary>Decodes one µ-law byte.</summary>
    public static short UlawToLinear(byte ulaw) => UlawTable[ulaw];

    /// <summary>Encodes a linear sample as A-law.</summary>
    public static byte LinearToAlaw(short sample)
    {
        int value = sample >> 3;
        int mask;
        if (value >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            value = -value - 1;
        }

        var segment = 0;
        while (segment < 8 && value > (0x20 << segment) - 1)
        {
            segment++;
        }

        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        var code = segment << 4;
        code |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte)(code ^ mask);
    }

    /// <summary>Encodes a linear sample as µ-law.</summary>
    public static byte LinearToUlaw(short sample)
    {
        const int bias = 0x84;
        const int clip = 8159;
        int value = sample >> 2;
        int mask;
        if (value < 0)
        {
            value = -value;
            mask = 0x7F;
        }
        else
        {
            mask = 0xFF;
        }

        value = Math.Min(value, clip) + (bias >> 2);
        var segment = 0;
        while (segment < 8 && value > (0x40 << segment) - 1)
        {
            segment++;
        }

        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        var code = (segment << 4) | ((value >> (segment + 1)) & 0x0F);
        return (byte)(code ^ mask);
    }

    private static short AlawToLinearSlow(byte alaw)
    {
        var a = alaw ^ 0x55;
        var magnitude = (a & 0x0F) << 4;
        var segment = (a & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (short)((a & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static short UlawToLinearSlow(byte ulaw)
    {
        var u = ~ulaw & 0xFF;
        var magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short)((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
    }

    private static short[] BuildTable(Func<byte, short> decode)
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = decode((byte)i);
        }

        return table;
    }
}
