using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grid.Sip.Recording;
using Grid.Sip.Sip;
using Grid.Sip.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Sip.Tests.Server;

/// <summary>A session's life driven by a raw client, its timers on a fake clock: no ACK, inactivity, pause, CSeq order, TLS.</summary>
public sealed class SrsSessionLifecycleTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Success_never_acknowledged_ends_the_session_with_a_bye_no_ack()
    {
        await using var server = await TestServer.StartAsync(FakeClockOptions, _time);
        await using var client = SipTestClient.Udp(server.Udp);

        var ok = await InviteAsync(client, "noack@test");
        for (var i = 0; i < 64; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        var bye = await client.RequestAsync();
        await client.SendAsync(SipResponse.Create(bye, 200));

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("BYE", bye.Method);
        Assert.Equal("SIP;cause=408;text=\"No ACK for the 200 OK\"", bye.Headers.Get("Reason"));
        Assert.Equal(ok.To!.Tag, bye.From!.Tag);
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal(SessionEndReason.NoAck, await sink.Ended.Task.WaitAsync(Guard));
        await Eventually.TrueAsync(() => server.Meters.Sum("grid.sip.sessions.failed", "reason=no-ack") == 1, "the failure is counted");
    }

    [Fact]
    public async Task Inactivity_counts_from_the_last_sip_or_rtp_and_ends_the_session_source_vanished()
    {
        await using var server = await TestServer.StartAsync(FakeClockOptions, _time);
        await using var client = SipTestClient.Udp(server.Udp);
        var ok = await InviteAsync(client, "idle@test");
        await AckAsync(server, client, ok, 1);

        _time.Advance(TimeSpan.FromSeconds(59));
        var alive = await InDialogAsync(client, ok, "OPTIONS", 2);
        _time.Advance(TimeSpan.FromSeconds(60));
        var bye = await client.RequestAsync();
        await client.SendAsync(SipResponse.Create(bye, 200));

        Assert.Equal(200, alive.StatusCode);
        Assert.Equal("SIP;cause=408;text=\"No SIP or RTP from the recording client\"", bye.Headers.Get("Reason"));
        Assert.Equal(SessionEndReason.SourceVanished, await Assert.Single(server.Backend.Sinks).Ended.Task.WaitAsync(Guard));
    }

    [Fact]
    public async Task Paused_session_waits_for_the_paused_timeout_not_the_inactivity_timeout()
    {
        await using var server = await TestServer.StartAsync(
            o =>
            {
                FakeClockOptions(o);
                o.PausedInactivityTimeout = TimeSpan.FromMinutes(10);
            },
            _time);
        await using var client = SipTestClient.Udp(server.Udp);
        var ok = await InviteAsync(client, "paused@test");
        await AckAsync(server, client, ok, 1);
        var paused = await InDialogAsync(client, ok, "INVITE", 2, SiprecBodies.Sdp(7000, "inactive", 2), "application/sdp");
        await AckAsync(server, client, ok, 2);

        _time.Advance(TimeSpan.FromSeconds(61));
        var alive = await InDialogAsync(client, ok, "OPTIONS", 3);
        _time.Advance(TimeSpan.FromMinutes(10));
        var bye = await client.RequestAsync();
        await client.SendAsync(SipResponse.Create(bye, 200));

        Assert.Equal(200, paused.StatusCode);
        Assert.Contains("a=inactive", paused.BodyText, StringComparison.Ordinal);
        Assert.Equal(200, alive.StatusCode);
        Assert.Equal("BYE", bye.Method);
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal(SessionEndReason.SourceVanished, await sink.Ended.Task.WaitAsync(Guard));
        Assert.Contains("pause:inactive", sink.Events);
    }

    [Fact]
    public async Task Request_in_the_dialog_with_an_old_cseq_gets_500_and_the_session_goes_on()
    {
        await using var server = await TestServer.StartAsync(FakeClockOptions, _time);
        await using var client = SipTestClient.Udp(server.Udp);
        var ok = await InviteAsync(client, "cseq@test");
        await AckAsync(server, client, ok, 1);

        var stale = await InDialogAsync(client, ok, "UPDATE", 1);
        var fresh = await InDialogAsync(client, ok, "BYE", 5);
        var late = await InDialogAsync(client, ok, "BYE", 6);

        Assert.Equal((500, "CSeq out of order"), (stale.StatusCode, stale.ReasonPhrase));
        Assert.Equal(200, fresh.StatusCode);
        Assert.Equal(481, late.StatusCode);
        Assert.Equal(SessionEndReason.Bye, await Assert.Single(server.Backend.Sinks).Ended.Task.WaitAsync(Guard));
    }

    [Fact]
    public async Task Reinvite_offering_no_usable_codec_gets_488_and_the_session_goes_on()
    {
        await using var server = await TestServer.StartAsync(FakeClockOptions, _time);
        await using var client = SipTestClient.Udp(server.Udp);
        var ok = await InviteAsync(client, "reneg@test");
        await AckAsync(server, client, ok, 1);

        var refused = await InDialogAsync(client, ok, "INVITE", 2, SiprecBodies.Sdp(7000).Replace("RTP/AVP 8 101", "RTP/AVP 18", StringComparison.Ordinal).Replace("a=rtpmap:8 PCMA/8000", "a=rtpmap:18 G729/8000", StringComparison.Ordinal), "application/sdp");
        await AckAsync(server, client, ok, 2);
        var options = await InDialogAsync(client, ok, "OPTIONS", 3);
        var bye = await InDialogAsync(client, ok, "BYE", 4);

        Assert.Equal(488, refused.StatusCode);
        Assert.StartsWith("305 ", refused.Headers.Get("Warning"), StringComparison.Ordinal);
        Assert.Equal(200, options.StatusCode);
        Assert.Equal(200, bye.StatusCode);
        Assert.Equal(SessionEndReason.Bye, await Assert.Single(server.Backend.Sinks).Ended.Task.WaitAsync(Guard));
    }

    [Fact]
    public async Task While_stopping_options_gets_503_and_the_stop_ends_when_the_bye_is_answered()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);
        await using var pinger = SipTestClient.Udp(server.Udp);
        var ok = await InviteAsync(client, "drain@test");
        await AckAsync(server, client, ok, 1);

        var stopping = server.Server.StopAsync(CancellationToken.None);
        var bye = await client.RequestAsync();
        await pinger.SendAsync(pinger.Request("OPTIONS", "z9hG4bK-drain-ping", "drain-ping@test", 1));
        var ping = await pinger.FinalResponseAsync();
        Assert.False(stopping.IsCompleted);
        await client.SendAsync(SipResponse.Create(bye, 200));
        await stopping.WaitAsync(Guard);

        Assert.Equal((503, "30"), (ping.StatusCode, ping.Headers.Get("Retry-After")));
        Assert.Equal("SIP;cause=503;text=\"Recording server shutting down\"", bye.Headers.Get("Reason"));
        Assert.Equal(SessionEndReason.Shutdown, await Assert.Single(server.Backend.Sinks).Ended.Task.WaitAsync(Guard));
    }

    [Fact]
    public async Task Tls_carries_options_and_a_whole_session()
    {
        var folder = Directory.CreateTempSubdirectory("srs-tls-").FullName;
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllTextAsync(Path.Combine(folder, "srs.crt"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(folder, "srs.key"), key.ExportPkcs8PrivateKeyPem());
        }

        await using var server = await TestServer.StartAsync(o =>
        {
            o.TlsCertificatePath = Path.Combine(folder, "srs.crt");
            o.TlsKeyPath = Path.Combine(folder, "srs.key");
        });
        await using var client = await SipTestClient.TlsAsync(server.Server.TlsEndPoint!);

        await client.SendAsync(client.Request("OPTIONS", "z9hG4bK-tls-o", "tls-o@test", 1));
        var options = await client.FinalResponseAsync();
        var ok = await InviteAsync(client, "tls@test");
        await AckAsync(server, client, ok, 1);
        var bye = await InDialogAsync(client, ok, "BYE", 2);

        Assert.Equal(200, options.StatusCode);
        Assert.StartsWith("SIP/2.0/TLS ", options.Headers.Get("Via"), StringComparison.Ordinal);
        Assert.Equal(200, ok.StatusCode);
        Assert.Contains(";transport=tls>", ok.Headers.Get("Contact"), StringComparison.Ordinal);
        Assert.Equal(200, bye.StatusCode);
        var sink = Assert.Single(server.Backend.Sinks);
        Assert.Equal("tls", Assert.Single(server.Backend.Origins).Transport);
        Assert.Equal(SessionEndReason.Bye, await sink.Ended.Task.WaitAsync(Guard));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A fake clock moved by a minute at once makes a minute of chunks at once: let them queue.</summary>
    private static void FakeClockOptions(Grid.Sip.Server.SrsOptions options) => options.Media.MaxPendingChunks = 10_000;

    private static async Task<SipResponse> InviteAsync(SipTestClient client, string callId)
    {
        await client.SendAsync(client.Request("INVITE", "z9hG4bK-" + callId, callId, 1, extra: "Require: siprec\n", contentType: SiprecBodies.ContentType, body: SiprecBodies.Multipart(7000)));
        return await client.FinalResponseAsync();
    }

    /// <summary>
    /// Sends the ACK and waits until the server has read it (its receive loop hands it to the transaction in the same
    /// step), so that the fake clock is advanced only after the 2xx retransmissions stopped.
    /// </summary>
    private static async Task AckAsync(TestServer server, SipTestClient client, SipResponse ok, int cseq)
    {
        var before = server.Meters.Sum("grid.sip.messages.received", "method=ACK");
        await client.SendAsync(client.Request("ACK", "z9hG4bK-ack-" + cseq + "-" + ok.CallId, ok.CallId!, cseq, toTag: ok.To!.Tag));
        await Eventually.TrueAsync(() => server.Meters.Sum("grid.sip.messages.received", "method=ACK") > before, "the ACK is read");
    }

    private static async Task<SipResponse> InDialogAsync(SipTestClient client, SipResponse ok, string method, int cseq, string body = "", string? contentType = null)
    {
        await client.SendAsync(client.Request(method, $"z9hG4bK-{method}-{cseq}-{ok.CallId}", ok.CallId!, cseq, toTag: ok.To!.Tag, contentType: contentType, body: body));
        return await client.FinalResponseAsync();
    }
}
