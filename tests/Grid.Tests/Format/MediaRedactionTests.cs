using Grid.Calls;
using Grid.Grains.Calls;

namespace Grid.Tests.Format;

/// <summary>Where a redaction falls in stored media: past pauses' silence, inside a WAV file, on one channel.</summary>
public sealed class MediaRedactionTests
{
    private static CallSummary Sealed(long mediaBytes, TimeSpan duration, params CallPause[] pauses) => new()
    {
        TenantId = "t-1",
        CallId = "c-1",
        Status = CallStatus.Sealed,
        MediaBytes = mediaBytes,
        MediaDuration = duration,
        Pauses = pauses,
        SealedAt = DateTimeOffset.UnixEpoch.AddHours(1),
    };

    [Fact]
    public void A_range_after_a_pause_maps_past_its_silence_and_one_inside_it_stores_nothing()
    {
        // Mono A-law (8 bytes/ms): 1,600 stored bytes, a 2 s pause after the first 800.
        var pause = new CallPause { FromSequence = 1, ToSequence = 2, PausedAt = DateTimeOffset.UnixEpoch, ResumedAt = DateTimeOffset.UnixEpoch.AddSeconds(2), MediaByteOffset = 800 };
        var summary = Sealed(1_600, TimeSpan.FromMilliseconds(2_200), pause);

        var (after, _) = MediaRedaction.For("audio/PCMA", null, summary, 2_100, 2_150, []);
        var (inside, _) = MediaRedaction.For("audio/PCMA", null, summary, 500, 1_500, []);
        var (tooLate, refusal) = MediaRedaction.For("audio/PCMA", null, summary, 0, 2_201, []);

        // 2,100 ms on the timeline is 16,800 bytes, 16,000 of them the pause's silence: stored byte 800.
        Assert.Equal((800L, 1_200L), (after!.From, after.To));
        Assert.Equal((800L, 800L), (inside!.From, inside.To));
        Assert.Null(tooLate);
        Assert.Contains("2200 ms", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wav_file_is_redacted_after_its_header_on_the_chosen_channel_only()
    {
        // 16-bit stereo PCM at 1 kHz: 4 bytes per sample frame, 4 bytes per ms, 44-byte header.
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BitConverter.TryWriteBytes(header.AsSpan(16), 16);
        BitConverter.TryWriteBytes(header.AsSpan(20), (short)1);
        BitConverter.TryWriteBytes(header.AsSpan(22), (short)2);
        BitConverter.TryWriteBytes(header.AsSpan(24), 1_000);
        BitConverter.TryWriteBytes(header.AsSpan(28), 4_000);
        BitConverter.TryWriteBytes(header.AsSpan(32), (short)4);
        BitConverter.TryWriteBytes(header.AsSpan(34), (short)16);
        "data"u8.CopyTo(header.AsSpan(36));
        var media = header.Concat(Enumerable.Repeat((byte)0x11, 400)).ToArray();

        var (plan, _) = MediaRedaction.For("audio/wav", media, Sealed(media.Length, TimeSpan.FromMilliseconds(100)), 10, 20, [0]);
        var first = media[..100];
        var second = media[100..];
        var touchedFirst = plan!.Apply(first, 0);
        var touchedSecond = plan.Apply(second, 100);

        Assert.Equal((84L, 124L), (plan.From, plan.To));
        Assert.Equal((true, true), (touchedFirst, touchedSecond));
        var joined = first.Concat(second).ToArray();
        for (var i = 0; i < joined.Length; i++)
        {
            var silenced = i is >= 84 and < 124 && (i - 44) % 4 < 2;
            Assert.Equal(silenced ? (byte)0 : i < 44 ? media[i] : (byte)0x11, joined[i]);
        }
    }
}
