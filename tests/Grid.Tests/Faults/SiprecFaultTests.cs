using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Development.Sip;
using Grid.Tests.Siprec;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Tests.Faults;

/// <summary>
/// A SIPREC session (SIPp → SRS → recorder SDK) whose call grain's silo is killed with SIGKILL mid-session: the
/// session goes on and the sealed recording holds every RTP payload byte sent, per channel.
/// </summary>
public sealed class SiprecFaultTests : IAsyncLifetime
{
    private const byte AlawSilence = 0xD5;
    private readonly ProcessClusterFixture grid = new();

    public Task InitializeAsync() => grid.InitializeAsync();

    public Task DisposeAsync() => grid.DisposeAsync();

    [Fact]
    public async Task The_silo_hosting_a_siprec_calls_grain_killed_with_sigkill_mid_session_loses_nothing()
    {
        // The call grains log their start (Information), so the test knows which silo hosts the call.
        var verbose = new Dictionary<string, string> { ["Logging__LogLevel__Grid.Grains.Calls.CallGrain"] = "Information" };
        var silos = new[] { await grid.StartSiloAsync(verbose), await grid.StartSiloAsync(verbose) };
        var (_, playback, tenantId) = await grid.ConnectAsync(TimeSpan.FromSeconds(60));
        var services = grid.Client!.Services;
        await using var srs = await SrsUnderTest.StartAsync(
            services.GetRequiredService<IClusterClient>(), tenantId, credential: services.GetRequiredService<IGridCredentialSource>(), retryDeadline: TimeSpan.FromSeconds(60));

        // 12 seconds of two A-law streams; the BYE comes after 13 s.
        var payloads = new[] { SiprecRecordingTests.Payloads(first: 0x10, packets: 600), SiprecRecordingTests.Payloads(first: 0x60, packets: 600) };
        var run = SippRunner.Start("siprec_long_rtp.xml", srs.Udp, "udp", extraArguments: ["-d", "13000"], prepareFolder: folder =>
        {
            Directory.CreateDirectory(Path.Combine(folder, "pcap"));
            PcapWriter.WriteTwoStreamCall(Path.Combine(folder, "pcap", "streams.pcap"), DateTimeOffset.UnixEpoch, 6000, 8, payloads);
        });

        var started = $"Call {tenantId}/siprec-";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!silos.Any(s => s.Output.Contains(started, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var host = Assert.Single(silos, s => s.Output.Contains(started, StringComparison.Ordinal));
        var prefix = $"Call {tenantId}/";
        var line = host.Output[(host.Output.IndexOf(started, StringComparison.Ordinal) + prefix.Length)..];
        var callId = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        await Task.Delay(TimeSpan.FromSeconds(4));
        host.Kill();
        var result = await run.WaitAsync();

        Assert.True(result.Succeeded, result.ToString());
        var recorder = services.GetRequiredService<IClusterClient>().GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var deadlineSealed = DateTime.UtcNow.AddSeconds(60);
        var summary = await recorder.GetSummaryAsync();
        while (summary.Status != CallStatus.Sealed && DateTime.UtcNow < deadlineSealed)
        {
            await Task.Delay(250);
            summary = await recorder.GetSummaryAsync();
        }

        Assert.Equal(CallStatus.Sealed, summary.Status);
        Assert.Equal([], summary.Gaps);

        // The only media gaps are the last second's, after the capture ended and before the BYE, one per channel.
        Assert.Equal([0, 1], summary.MediaGaps.Select(g => g.Channel).Order());
        Assert.All(summary.MediaGaps, g => Assert.True(g.Cause == "silence-timeout" && g.FromMs >= 12_000, $"{g} is not the trailing silence"));
        using var media = new MemoryStream();
        await playback.CopyToAsync(tenantId, callId, media);
        var bytes = media.ToArray();
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = bytes.Where((_, i) => i % 2 == channel).ToArray();
            var first = Array.FindIndex(samples, b => b != AlawSilence);
            var last = Array.FindLastIndex(samples, b => b != AlawSilence);
            Assert.Equal(payloads[channel].SelectMany(p => p).ToArray(), samples[first..(last + 1)]);
        }
    }
}
