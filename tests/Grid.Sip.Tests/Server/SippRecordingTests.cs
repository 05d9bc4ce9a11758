using Grid.Development.Sip;
using Grid.Sip.Media;
using Grid.Sip.Recording;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Server;

/// <summary>SIPp recording sessions against the server with the real media session: answered, recorded, paused, refused, ended.</summary>
public sealed class SippRecordingTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Siprec_session_is_answered_recorded_and_ended_by_bye(string transport)
    {
        await using var server = await TestServer.StartAsync();

        var result = await SippRunner.RunAsync("siprec_call.xml", SippSignallingTests.Target(server, transport), transport);

        Assert.True(result.Succeeded, result.ToString());
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal(SessionEndReason.Bye, await sink.Ended.Task.WaitAsync(Guard));
        Assert.Equal(new RecordingRoute("tenant-a", "rule-1"), sink.Route);
        Assert.StartsWith("siprec-", sink.Start.CallId, StringComparison.Ordinal);
        Assert.Equal(new MediaFormat(MediaCodec.Pcma, 8000, 2), sink.Start.Format);
        Assert.Equal([(0, "1", "cGFydC1h"), (1, "2", "cGFydC1i")], sink.Start.Channels.Select(c => (c.Index, c.Label, Assert.Single(c.ParticipantIds))));
        Assert.Equal(["sip:+15550100@caller.example.test", "sip:2001@pbx.example.test"], sink.Start.Metadata.Participants.Select(p => p.Aor));
        await Eventually.TrueAsync(() => server.Meters.Sum("grid.sip.sessions.ended", "reason=bye") == 1, "the end is counted");
        Assert.Contains("dispose", sink.Events);
        Assert.Equal(0, server.Server.ActiveSessions);
        Assert.Equal(1, server.Meters.Sum("grid.sip.sessions.started"));
        Assert.Equal(0, server.Meters.Sum("grid.sip.sessions.active"));
        Assert.Equal(0, server.Meters.Sum("grid.sip.sessions.failed"));
    }

    [Fact]
    public async Task Rtp_of_both_streams_is_stored_bit_exact_per_channel()
    {
        // A wide reorder window: SIPp paces the capture with the machine's timers, and a busy machine delays a packet
        // now and then past the default 80 ms (which the media session would rightly store as a late gap).
        await using var server = await TestServer.StartAsync(o => o.Media.ReorderWindow = TimeSpan.FromSeconds(1));
        var payloads = new[] { Payloads(first: 0x10), Payloads(first: 0x60) };

        var result = await SippRunner.RunAsync("siprec_call_rtp.xml", server.Udp, "udp", prepareFolder: folder =>
        {
            Directory.CreateDirectory(Path.Combine(folder, "pcap"));
            PcapWriter.WriteTwoStreamCall(Path.Combine(folder, "pcap", "streams.pcap"), DateTimeOffset.UnixEpoch, 6000, 8, payloads);
        });

        Assert.True(result.Succeeded, result.ToString());
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal(SessionEndReason.Bye, await sink.Ended.Task.WaitAsync(Guard));
        // No gap inside the media. On a busy machine SIPp's BYE can come more than the window after the last packet:
        // the silence after the media ended is then (rightly) reported, after the last append.
        var events = sink.Events.ToList();
        var lastAppend = events.FindLastIndex(e => e == "append");
        Assert.DoesNotContain(events.Take(lastAppend + 1), e => e.StartsWith("gap:", StringComparison.Ordinal));
        Assert.All(events.Skip(lastAppend + 1).Where(e => e.StartsWith("gap:", StringComparison.Ordinal)), e => Assert.Equal("gap:silence-timeout", e));
        await Eventually.TrueAsync(() => server.Meters.Sum("grid.sip.rtp.packets", "outcome=received") == 100, "the session's packets are counted when it ends");
        Assert.Equal((0L, 0L), (server.Meters.Sum("grid.sip.rtp.packets", "outcome=lost"), server.Meters.Sum("grid.sip.rtp.packets", "outcome=late")));
        var media = sink.MediaBytes();
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = media.Where((_, i) => i % 2 == channel).ToArray();
            var sent = payloads[channel].SelectMany(p => p).ToArray();

            // Silence (A-law 0xD5) before the first packet and after the last one; the packets' bytes in between, exactly.
            var first = Array.FindIndex(samples, b => b != 0xD5);
            var last = Array.FindLastIndex(samples, b => b != 0xD5);
            Assert.Equal(sent, samples[first..(last + 1)]);
        }
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Reinvite_with_inactive_streams_pauses_and_an_active_one_resumes_with_merged_metadata(string transport)
    {
        await using var server = await TestServer.StartAsync();

        var result = await SippRunner.RunAsync("siprec_pause_resume.xml", SippSignallingTests.Target(server, transport), transport);

        Assert.True(result.Succeeded, result.ToString());
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal(SessionEndReason.Bye, await sink.Ended.Task.WaitAsync(Guard));
        await Eventually.TrueAsync(() => sink.Events.Contains("dispose"), "the sink is disposed");
        var events = sink.Events.Where(e => e != "append" && !e.StartsWith("gap:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["pause:inactive", "metadata", "resume", "end:Bye", "dispose"], events);
        var merged = Assert.Single(sink.MetadataUpdates);
        Assert.Equal(["cGFydC1h", "cGFydC1i", "cGFydC1j"], merged.Participants.Select(p => p.Id).Order());
    }

    [Fact]
    public async Task Metadata_update_in_an_update_is_passed_on()
    {
        await using var server = await TestServer.StartAsync();

        var result = await SippRunner.RunAsync("siprec_update.xml", server.Udp, "udp");

        Assert.True(result.Succeeded, result.ToString());
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal(SessionEndReason.Bye, await sink.Ended.Task.WaitAsync(Guard));
        Assert.Contains("cGFydC1j", Assert.Single(sink.MetadataUpdates).Participants.Select(p => p.Id));
    }

    [Theory]
    [InlineData("malformed_multipart.xml", "udp", "malformed-body")]
    [InlineData("malformed_sdp.xml", "udp", "malformed-sdp")]
    [InlineData("malformed_metadata.xml", "udp", "malformed-metadata")]
    [InlineData("no_codec.xml", "udp", "no-codec")]
    [InlineData("malformed_multipart.xml", "tcp", "malformed-body")]
    [InlineData("malformed_sdp.xml", "tcp", "malformed-sdp")]
    [InlineData("malformed_metadata.xml", "tcp", "malformed-metadata")]
    [InlineData("no_codec.xml", "tcp", "no-codec")]
    public async Task Unusable_offer_is_refused_and_nothing_is_recorded(string scenario, string transport, string cause)
    {
        await using var server = await TestServer.StartAsync();

        var result = await SippRunner.RunAsync(scenario, SippSignallingTests.Target(server, transport), transport);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(server.Backend.Starts);
        Assert.Equal(1, server.Meters.Sum("grid.sip.sessions.refused", "cause=" + cause));
    }

    [Fact]
    public async Task Grid_unavailable_at_start_gets_503_with_its_retry_after_and_nothing_is_left()
    {
        await using var server = await TestServer.StartAsync(o => o.RtpPortLast = o.RtpPortFirst + 3);
        server.Backend.StartFailure = new RecordingUnavailableException("The Grid is down.", TimeSpan.FromSeconds(17));

        var refused = await SippRunner.RunAsync("unavailable.xml", server.Udp, "udp");
        server.Backend.StartFailure = null;
        var answered = await SippRunner.RunAsync("siprec_call.xml", server.Udp, "udp");

        Assert.True(refused.Succeeded, refused.ToString());
        Assert.True(answered.Succeeded, answered.ToString());
        Assert.Equal(2, server.Backend.Starts.Count);
        Assert.Single(server.Backend.Sinks);
        Assert.Equal(1, server.Meters.Sum("grid.sip.sessions.refused", "cause=grid-unavailable"));
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Source_that_vanishes_gets_a_bye_and_the_recording_ends_source_vanished(string transport)
    {
        await using var server = await TestServer.StartAsync(o => o.InactivityTimeout = TimeSpan.FromSeconds(2));

        var result = await SippRunner.RunAsync("vanish.xml", SippSignallingTests.Target(server, transport), transport);

        Assert.True(result.Succeeded, result.ToString());
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal(SessionEndReason.SourceVanished, await sink.Ended.Task.WaitAsync(Guard));
        await Eventually.TrueAsync(() => server.Meters.Sum("grid.sip.sessions.failed", "reason=source-vanished") == 1, "the failure is counted");
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Graceful_stop_sends_bye_and_ends_live_sessions_as_shutdown(string transport)
    {
        await using var server = await TestServer.StartAsync();
        var run = SippRunner.Start("shutdown.xml", SippSignallingTests.Target(server, transport), transport);
        await Eventually.TrueAsync(() => server.Server.ActiveSessions == 1, "the session is answered");

        await server.Server.StopAsync(CancellationToken.None);
        var result = await run.WaitAsync();

        Assert.True(result.Succeeded, result.ToString());
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal(SessionEndReason.Shutdown, await sink.Ended.Task.WaitAsync(Guard));
        Assert.Equal(0, server.Server.ActiveSessions);
    }

    [Fact]
    public async Task Grid_refusing_media_ends_the_session_with_a_bye_503()
    {
        await using var server = await TestServer.StartAsync();
        server.Backend.AppendFailure = new RecordingUnavailableException("Buffer window exceeded.", TimeSpan.FromSeconds(5));

        var result = await SippRunner.RunAsync("grid_failure.xml", server.Udp, "udp");

        Assert.True(result.Succeeded, result.ToString());
        await Eventually.TrueAsync(() => server.Meters.Sum("grid.sip.sessions.failed", "reason=grid-unavailable") == 1, "the failure is counted");
        Assert.Equal(0, server.Server.ActiveSessions);
    }

    /// <summary>50 packets of 160 bytes (1 s of A-law), counting up from <paramref name="first"/>, never the silence byte 0xD5.</summary>
    private static IReadOnlyList<byte[]> Payloads(int first) =>
        [.. Enumerable.Range(0, 50).Select(k => Enumerable.Range(0, 160).Select(i => (byte)(((first + k + i) % 0x50) + 0x10)).ToArray())];
}
