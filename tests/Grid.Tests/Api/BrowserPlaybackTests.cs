using System.Buffers.Binary;
using Grid.Calls;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Grid.Tests.Api;

/// <summary>A real browser (the Debian chromium, driven by Playwright) plays a recording from the API and seeks in it.</summary>
[Collection(GridCollection.Name)]
public sealed class BrowserPlaybackTests(GridFixture fixture)
{
    [Fact]
    public async Task Headless_chromium_plays_a_recording_and_seeks_with_range_requests()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var wav = Wav(seconds: 3, sampleRate: 8000);
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata());
        for (var i = 0; i * 16_000 < wav.Length; i++)
        {
            await call.AppendAsync(i, wav[(i * 16_000)..Math.Min(wav.Length, (i + 1) * 16_000)]);
        }

        await call.EndAsync();
        await using var api = await ApiHost.StartAsync(fixture);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + fixture.TokenOf("analyst", tenantId, GridRoles.Analyst) },
        });
        var page = await context.NewPageAsync();
        var ranges = new List<(string Range, int Status)>();
        page.Response += (_, response) =>
        {
            if (response.Url.EndsWith("/media", StringComparison.Ordinal) && response.Request.Headers.TryGetValue("range", out var range))
            {
                lock (ranges)
                {
                    ranges.Add((range, response.Status));
                }
            }
        };
        await page.GotoAsync(new Uri(api.Base, "v1/reference").ToString());

        var result = await page.EvaluateAsync<double[]>(
            """
            async (src) => {
              const audio = document.createElement('audio');
              document.body.appendChild(audio);
              audio.src = src;
              await new Promise((ok, fail) => { audio.onloadedmetadata = ok; audio.onerror = () => fail(new Error('media error ' + audio.error?.code)); });
              await audio.play();
              audio.pause();
              const seeked = new Promise(ok => audio.onseeked = ok);
              audio.currentTime = 2.0;
              await seeked;
              return [audio.duration, audio.currentTime];
            }
            """,
            $"/v1/tenants/{tenantId}/recordings/{callId}/media");

        Assert.Equal(3.0, result[0], 2);
        Assert.Equal(2.0, result[1], 2);
        Assert.NotEmpty(ranges);
        Assert.All(ranges, r => Assert.Equal(206, r.Status));
    }

    /// <summary>A 16-bit mono PCM WAV of a 440 Hz tone.</summary>
    internal static byte[] Wav(int seconds, int sampleRate)
    {
        var samples = seconds * sampleRate;
        var wav = new byte[44 + (samples * 2)];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + (samples * 2));
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples * 2);
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + (i * 2))..], (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / sampleRate)));
        }

        return wav;
    }
}
