using Grid.Sip.Sip;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Server;

/// <summary>The server's answers that need no media, over real loopback sockets with a raw client.</summary>
public sealed class SrsSignallingTests
{
    private const string PlainSdp = """
        v=0
        o=src 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio 7000 RTP/AVP 8
        a=sendonly
        """;

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Options_is_answered_200_with_the_capabilities(string transport)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = transport == "udp" ? SipTestClient.Udp(server.Udp) : await SipTestClient.TcpAsync(server.Tcp);

        await client.SendAsync(client.Request("OPTIONS", "z9hG4bK-o1", "o1@test", 1));
        var response = await client.FinalResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE", string.Join(", ", response.GetTokens("Allow")));
        Assert.Equal(["application/sdp", "application/rs-metadata+xml", "multipart/mixed"], response.GetTokens("Accept"));
        Assert.Equal(["siprec"], response.GetTokens("Supported"));
        Assert.Equal("grid-srs-test", response.Headers.Get("Server"));
        Assert.NotNull(response.To!.Tag);
        Assert.Equal("o1@test", response.CallId);
        Assert.Equal(1, server.Meters.Sum("grid.sip.messages.received", "method=OPTIONS", "transport=" + transport));
    }

    [Fact]
    public async Task Udp_response_carries_received_and_rport_and_goes_to_the_source_port()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        // The Via claims a port nobody listens on; rport sends the answer back to where the request came from.
        await client.SendAsync("""
            OPTIONS sip:rec@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.2:9;branch=z9hG4bK-rport;rport
            From: <sip:sbc@127.0.0.1>;tag=a
            To: <sip:rec@127.0.0.1>
            Call-ID: rport@test
            CSeq: 1 OPTIONS
            Content-Length: 0


            """);
        var response = await client.FinalResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal($"SIP/2.0/UDP 127.0.0.2:9;branch=z9hG4bK-rport;rport={client.LocalEndPoint.Port};received=127.0.0.1", response.Headers.Get("Via"));
    }

    [Fact]
    public async Task Tcp_carries_several_messages_per_connection_and_ignores_keep_alives()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SipTestClient.TcpAsync(server.Tcp);
        var first = SipText.Bytes(client.Fill(client.Request("OPTIONS", "z9hG4bK-t1", "t1@test", 1)));
        var second = SipText.Bytes(client.Fill(client.Request("OPTIONS", "z9hG4bK-t2", "t2@test", 1)));

        await client.SendAsync([.. "\r\n\r\n"u8.ToArray(), .. first, .. second]);
        var a = await client.FinalResponseAsync();
        var b = await client.FinalResponseAsync();

        Assert.Equal(("t1@test", 200), (a.CallId, a.StatusCode));
        Assert.Equal(("t2@test", 200), (b.CallId, b.StatusCode));
    }

    [Fact]
    public async Task Tcp_message_without_content_length_gets_400_and_the_connection_closes()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SipTestClient.TcpAsync(server.Tcp);

        await client.SendAsync(client.Request("OPTIONS", "z9hG4bK-ncl", "ncl@test", 1).Replace("Content-Length: 0\n", string.Empty, StringComparison.Ordinal));
        var response = await client.FinalResponseAsync();

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Content-Length required on stream transports", response.ReasonPhrase);
        Assert.True(await client.ClosedAsync());
        Assert.Equal(1, server.Meters.Sum("grid.sip.messages.malformed", "transport=tcp"));
    }

    [Fact]
    public async Task Oversize_tcp_message_gets_513_and_the_connection_closes()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxMessageSize = 2048);
        await using var client = await SipTestClient.TcpAsync(server.Tcp);

        await client.SendAsync(client.Request("MESSAGE", "z9hG4bK-big", "big@test", 1, contentType: "text/plain", body: new string('x', 4000)));
        var response = await client.FinalResponseAsync();

        Assert.Equal(513, response.StatusCode);
        Assert.True(await client.ClosedAsync());
    }

    [Fact]
    public async Task Udp_garbage_is_dropped_and_the_server_goes_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync("this is not SIP\r\n\r\n"u8.ToArray());
        await client.SendAsync(new byte[] { 0, 1, 2, 3, 255 });
        await client.SendAsync(client.Request("OPTIONS", "z9hG4bK-after", "after@test", 1));
        var response = await client.FinalResponseAsync();

        Assert.Equal(("after@test", 200), (response.CallId, response.StatusCode));
        Assert.Equal(2, server.Meters.Sum("grid.sip.messages.malformed", "transport=udp"));
    }

    [Fact]
    public async Task Udp_request_missing_a_header_gets_400_with_the_reason()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("OPTIONS", "z9hG4bK-nocid", "nocid@test", 1).Replace("Call-ID: nocid@test\n", string.Empty, StringComparison.Ordinal));
        var response = await client.ReceiveTextAsync();

        // The answer has no Call-ID either (there was none to copy), so it is read as text.
        Assert.StartsWith("SIP/2.0 400 Missing Call-ID header\r\nVia: ", response, StringComparison.Ordinal);
        Assert.Contains("\r\nCSeq: 1 OPTIONS\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_from_a_source_routing_refuses_gets_403_and_nothing_is_recorded()
    {
        await using var server = await TestServer.StartAsync();
        server.Backend.Route = _ => null;
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("INVITE", "z9hG4bK-403", "forbidden@test", 1, contentType: "application/sdp", body: PlainSdp));
        var response = await client.FinalResponseAsync();

        Assert.Equal(403, response.StatusCode);
        Assert.Equal("Recording source not configured", response.ReasonPhrase);
        var origin = Assert.Single(server.Backend.Origins);
        Assert.Equal(("udp", "rec", "rec"), (origin.Transport, origin.RequestUser, origin.ToUser));
        Assert.Equal(client.LocalEndPoint, origin.Source);
        Assert.Empty(server.Backend.Starts);
        Assert.Equal(1, server.Meters.Sum("grid.sip.sessions.refused", "cause=unknown-source"));
    }

    [Fact]
    public async Task Invite_requiring_an_unknown_extension_gets_420_listing_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("INVITE", "z9hG4bK-420", "ext@test", 1, extra: "Require: siprec, 100rel\n", contentType: "application/sdp", body: PlainSdp));
        var response = await client.FinalResponseAsync();

        Assert.Equal(420, response.StatusCode);
        Assert.Equal(["100rel"], response.GetTokens("Unsupported"));
        Assert.Empty(server.Backend.Starts);
    }

    [Theory]
    [InlineData("application/sdp", PlainSdp)]
    [InlineData(null, "")]
    public async Task Plain_invite_without_recording_metadata_gets_415_accepting_multipart(string? contentType, string body)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("INVITE", "z9hG4bK-415", "plain@test", 1, contentType: contentType, body: body));
        var response = await client.FinalResponseAsync();

        Assert.Equal(415, response.StatusCode);
        Assert.Equal("SIPREC recording metadata required", response.ReasonPhrase);
        Assert.Equal("multipart/mixed", response.Headers.Get("Accept"));
        Assert.Empty(server.Backend.Starts);
        Assert.Equal(1, server.Meters.Sum("grid.sip.sessions.refused", "cause=no-metadata"));
    }

    [Theory]
    [InlineData("BYE")]
    [InlineData("UPDATE")]
    [InlineData("INVITE")]
    public async Task Request_for_an_unknown_dialog_gets_481(string method)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request(method, "z9hG4bK-481" + method, "nodialog@test", 5, toTag: "not-ours"));
        var response = await client.FinalResponseAsync();

        Assert.Equal(481, response.StatusCode);
    }

    [Fact]
    public async Task Bye_outside_a_dialog_gets_481()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("BYE", "z9hG4bK-bye-nodlg", "bye@test", 2));

        Assert.Equal(481, (await client.FinalResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Unsupported_method_gets_405_with_allow()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("MESSAGE", "z9hG4bK-405", "msg@test", 1, contentType: "text/plain", body: "hi"));
        var response = await client.FinalResponseAsync();

        Assert.Equal(405, response.StatusCode);
        Assert.Equal(["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE"], response.GetTokens("Allow"));
    }

    [Fact]
    public async Task Cancel_while_routing_gets_200_the_invite_487_and_nothing_is_started()
    {
        await using var server = await TestServer.StartAsync();
        server.Backend.RouteGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = SipTestClient.Udp(server.Udp);
        var invite = client.Request("INVITE", "z9hG4bK-cancel", "cancel@test", 1, contentType: "application/sdp", body: PlainSdp);

        await client.SendAsync(invite);
        Assert.Equal(100, ((SipResponse)(await client.ReceiveAsync())!).StatusCode);
        await server.Backend.RouteEntered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await client.SendAsync(client.Request("CANCEL", "z9hG4bK-cancel", "cancel@test", 1));
        var first = await client.FinalResponseAsync();
        var second = await client.FinalResponseAsync();

        var byMethod = new[] { first, second }.ToDictionary(r => r.CSeq!.Value.Method, r => r.StatusCode);
        Assert.Equal(200, byMethod["CANCEL"]);
        Assert.Equal(487, byMethod["INVITE"]);
        Assert.True(await server.Backend.RouteCancelled.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Empty(server.Backend.Starts);
        Assert.Equal(0, server.Server.ActiveSessions);
    }

    [Fact]
    public async Task Cancel_for_no_pending_invite_gets_481()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("CANCEL", "z9hG4bK-none", "none@test", 1));

        Assert.Equal(481, (await client.FinalResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Invite_beyond_the_session_limit_gets_503_with_retry_after()
    {
        await using var server = await TestServer.StartAsync(o =>
        {
            o.MaxSessions = 1;
            o.RetryAfter = TimeSpan.FromSeconds(45);
        });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Backend.RouteGate = gate;
        server.Backend.Route = _ => null;
        await using var first = SipTestClient.Udp(server.Udp);
        await using var second = SipTestClient.Udp(server.Udp);

        await first.SendAsync(first.Request("INVITE", "z9hG4bK-limit1", "limit1@test", 1, contentType: "application/sdp", body: PlainSdp));
        await server.Backend.RouteEntered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await second.SendAsync(second.Request("INVITE", "z9hG4bK-limit2", "limit2@test", 1, contentType: "application/sdp", body: PlainSdp));
        var refused = await second.FinalResponseAsync();

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("Session limit reached", refused.ReasonPhrase);
        Assert.Equal("45", refused.Headers.Get("Retry-After"));
        Assert.Equal(1, server.Meters.Sum("grid.sip.sessions.refused", "cause=session-limit"));

        // At the limit the server is still up: an SBC's OPTIONS ping gets 200.
        await second.SendAsync(second.Request("OPTIONS", "z9hG4bK-limit-ping", "limit-ping@test", 1));
        Assert.Equal(200, (await second.FinalResponseAsync()).StatusCode);

        // The held INVITE finishes (refused by routing) and gives its slot back.
        gate.SetResult();
        Assert.Equal(403, (await first.FinalResponseAsync()).StatusCode);
        server.Backend.RouteGate = null;
        server.Backend.Route = _ => null;
        await second.SendAsync(second.Request("INVITE", "z9hG4bK-limit3", "limit3@test", 1, contentType: "application/sdp", body: PlainSdp));
        Assert.Equal(403, (await second.FinalResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Invite_pending_when_the_server_stops_gets_503_shutting_down()
    {
        var server = await TestServer.StartAsync();
        server.Backend.RouteGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("INVITE", "z9hG4bK-stop", "stop@test", 1, contentType: "application/sdp", body: PlainSdp));
        await server.Backend.RouteEntered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var stopping = server.Server.StopAsync(CancellationToken.None);
        var response = await client.FinalResponseAsync();
        await stopping;
        await server.DisposeAsync();

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("Server shutting down", response.ReasonPhrase);
        Assert.Equal("30", response.Headers.Get("Retry-After"));
        Assert.False(server.Server.IsAccepting);
    }

    [Fact]
    public async Task Idle_tcp_connection_is_closed_after_the_idle_timeout()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var server = await TestServer.StartAsync(o => o.ConnectionIdleTimeout = TimeSpan.FromSeconds(30), time);
        await using var client = await SipTestClient.TcpAsync(server.Tcp);
        await client.SendAsync(client.Request("OPTIONS", "z9hG4bK-idle", "idle@test", 1));
        Assert.Equal(200, (await client.FinalResponseAsync()).StatusCode);

        time.Advance(TimeSpan.FromSeconds(31));

        Assert.True(await client.ClosedAsync());
    }

    [Fact]
    public async Task Backend_failing_to_route_gets_503()
    {
        await using var server = await TestServer.StartAsync();
        server.Backend.Route = _ => throw new InvalidOperationException("routing store down");
        await using var client = SipTestClient.Udp(server.Udp);

        await client.SendAsync(client.Request("INVITE", "z9hG4bK-rf", "rf@test", 1, contentType: "application/sdp", body: PlainSdp));
        var response = await client.FinalResponseAsync();

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("30", response.Headers.Get("Retry-After"));
        Assert.Equal(1, server.Meters.Sum("grid.sip.sessions.refused", "cause=route-failed"));
    }

    [Fact]
    public void Options_are_validated_when_the_server_is_built()
    {
        var options = TestServer.LoopbackOptions();
        options.RtpPortFirst = 30001;

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            new Grid.Sip.Server.SrsServer(options, new FakeRecordingBackend(), new TestMeterFactory(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

        Assert.Equal("RtpPortFirst must be even (RTP on even ports, RTCP on the next).", error.Message);
    }
}
