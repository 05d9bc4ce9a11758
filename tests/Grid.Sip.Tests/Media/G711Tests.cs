using Grid.Sip.Media;

namespace Grid.Sip.Tests.Media;

public sealed class G711Tests
{
    [Fact]
    public void Silence_codes_decode_to_the_smallest_levels()
    {
        Assert.Equal(8, G711.AlawToLinear(G711.AlawSilence));
        Assert.Equal(0, G711.UlawToLinear(G711.UlawSilence));
        Assert.Equal(0, G711.UlawToLinear(0x7F));
        Assert.Equal(-8, G711.AlawToLinear(0x55));
    }

    [Fact]
    public void Full_scale_codes_decode_to_the_G711_extremes()
    {
        Assert.Equal(32256, G711.AlawToLinear(0xAA));
        Assert.Equal(-32256, G711.AlawToLinear(0x2A));
        Assert.Equal(32124, G711.UlawToLinear(0x80));
        Assert.Equal(-32124, G711.UlawToLinear(0x00));
    }

    [Fact]
    public void Every_code_re_encodes_to_itself_or_its_equal_valued_twin()
    {
        for (var code = 0; code < 256; code++)
        {
            var alaw = G711.AlawToLinear((byte)code);
            Assert.Equal(alaw, G711.AlawToLinear(G711.LinearToAlaw(alaw)));
            var ulaw = G711.UlawToLinear((byte)code);
            Assert.Equal(ulaw, G711.UlawToLinear(G711.LinearToUlaw(ulaw)));
        }

        Assert.Equal(0xFA, G711.LinearToAlaw(1000));
        Assert.Equal(0xCE, G711.LinearToUlaw(1000));
        Assert.Equal(G711.AlawSilence, G711.LinearToAlaw(0));
        Assert.Equal(G711.UlawSilence, G711.LinearToUlaw(0));
    }

    [Fact]
    public void Decoding_is_monotonic_in_magnitude_within_each_sign()
    {
        var positives = Enumerable.Range(0, 128).Select(i => G711.UlawToLinear((byte)(0xFF - i))).ToArray();
        Assert.Equal(positives.Order(), positives);
    }
}
