using System.Text;
using Grid.Sip.Sip;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Sip;

public sealed class SipParserTests
{
    private const string Invite = """
        INVITE sip:recorder@srs.example.test;transport=udp SIP/2.0
        v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport, SIP/2.0/TCP proxy.example.test:5061;branch=z9hG4bKproxy
        Max-Forwards: 70
        f: "Session Border" <sip:sbc@192.0.2.10>;tag=1928301774
        t: <sip:recorder@srs.example.test>
        i: a84b4c76e66710@pc33.example.test
        CSeq: 314159 INVITE
        m: <sip:sbc@192.0.2.10:5060>;+sip.src
        k: siprec, timer
        Require: siprec
        Subject: a folded
         header value
        c: text/plain
        l: 11

        hello world
        """;

    [Fact]
    public void Request_with_compact_forms_folding_and_lists_is_parsed()
    {
        var request = SipText.Request(Invite);

        Assert.Equal("INVITE", request.Method);
        Assert.Equal("sip", request.RequestUri.Scheme);
        Assert.Equal("recorder", request.RequestUri.User);
        Assert.Equal("srs.example.test", request.RequestUri.Host);
        Assert.Equal("udp", request.RequestUri.Transport);
        Assert.Equal(2, request.Headers.GetAll("Via").Count);
        Assert.Equal("z9hG4bK776asdhds", request.TopVia!.Branch);
        Assert.True(request.TopVia.HasRport);
        Assert.Null(request.TopVia.Rport);
        Assert.Equal("192.0.2.10", request.TopVia.Host);
        Assert.Equal(5060, request.TopVia.Port);
        Assert.Equal("Session Border", request.From!.DisplayName);
        Assert.Equal("1928301774", request.From.Tag);
        Assert.Null(request.To!.Tag);
        Assert.Equal("a84b4c76e66710@pc33.example.test", request.CallId);
        Assert.Equal(new SipCSeq(314159, "INVITE"), request.CSeq);
        var contact = SipNameAddress.TryParse(request.Headers.Get("Contact"))!;
        Assert.True(contact.HasParameter("+sip.src"));
        Assert.Equal(5060, contact.Uri.Port);
        Assert.Equal(["siprec", "timer"], request.GetTokens("Supported"));
        Assert.Equal("a folded header value", request.Headers.Get("Subject"));
        Assert.Equal("text/plain", request.ContentType);
        Assert.Equal("hello world", request.BodyText);
    }

    [Fact]
    public void Serialised_request_uses_long_names_and_its_real_content_length()
    {
        var request = SipText.Request(Invite);

        var text = Encoding.UTF8.GetString(request.ToBytes());

        Assert.StartsWith("INVITE sip:recorder@srs.example.test;transport=udp SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\nVia: SIP/2.0/TCP proxy.example.test:5061;branch=z9hG4bKproxy\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nCall-ID: a84b4c76e66710@pc33.example.test\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: text/plain\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\nContent-Length: 11\r\n\r\nhello world", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nl:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialised_message_parses_back_to_the_same_fields()
    {
        var request = SipText.Request(Invite);

        var again = Assert.IsType<SipRequest>(SipParser.Parse(request.ToBytes()).Message);

        Assert.Equal(request.StartLine, again.StartLine);
        Assert.Equal(request.Headers.Select(h => (h.Name, h.Value)), again.Headers.Select(h => (h.Name, h.Value)));
        Assert.Equal(request.Body.ToArray(), again.Body.ToArray());
    }

    [Fact]
    public void Response_is_parsed()
    {
        var response = Assert.IsType<SipResponse>(SipText.Parse("""
            SIP/2.0 180 Ringing Now
            Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKa
            From: <sip:a@example.test>;tag=1
            To: <sip:b@example.test>;tag=2
            Call-ID: x@y
            CSeq: 1 INVITE
            Content-Length: 0


            """));

        Assert.Equal(180, response.StatusCode);
        Assert.Equal("Ringing Now", response.ReasonPhrase);
        Assert.True(response.IsProvisional);
    }

    [Fact]
    public void Leading_line_breaks_and_bare_LF_line_ends_are_accepted()
    {
        var text = "\r\n\r\nOPTIONS sip:srs@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKlf\nFrom: <sip:a@b>;tag=1\nTo: <sip:c@d>\nCall-ID: lf@x\nCSeq: 2 OPTIONS\nContent-Length: 0\n\n";

        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text));

        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal("lf@x", request.CallId);
        Assert.True(request.Body.IsEmpty);
    }

    [Fact]
    public void Missing_content_length_on_a_datagram_takes_the_rest_as_body()
    {
        var request = SipText.Request("""
            MESSAGE sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKnocl
            From: <sip:a@b>;tag=1
            To: <sip:c@d>
            Call-ID: nocl@x
            CSeq: 2 MESSAGE

            body
            """);

        Assert.Equal("body", request.BodyText);
    }

    [Fact]
    public void Extra_bytes_after_content_length_are_ignored()
    {
        var request = SipText.Request("""
            MESSAGE sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKextra
            From: <sip:a@b>;tag=1
            To: <sip:c@d>
            Call-ID: extra@x
            CSeq: 2 MESSAGE
            Content-Length: 3

            abcdef
            """);

        Assert.Equal("abc", request.BodyText);
    }

    [Theory]
    [InlineData("Call-ID", "Missing Call-ID header")]
    [InlineData("From", "Missing From header")]
    [InlineData("To", "Missing To header")]
    [InlineData("CSeq", "Missing CSeq header")]
    public void Missing_mandatory_header_is_a_400_with_its_name(string header, string reason)
    {
        var lines = SipText.Crlf("""
            OPTIONS sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKmiss
            From: <sip:a@b>;tag=1
            To: <sip:c@d>
            Call-ID: miss@x
            CSeq: 2 OPTIONS
            Content-Length: 0


            """).Split("\r\n").Where(l => !l.StartsWith(header + ":", StringComparison.Ordinal));

        var result = SipParser.Parse(Encoding.UTF8.GetBytes(string.Join("\r\n", lines)));

        Assert.Equal(SipParseError.MissingHeader, result.Error);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(400, result.StatusCode);
        Assert.NotNull(result.PartialRequest);
        Assert.Equal("OPTIONS", result.PartialRequest.Method);
    }

    [Theory]
    [InlineData("CSeq: 2 INVITE", SipParseError.CSeqMismatch, 400, "CSeq method does not match the request method")]
    [InlineData("CSeq: two OPTIONS", SipParseError.BadHeaderValue, 400, "Malformed CSeq header")]
    [InlineData("CSeq: 2147483648 OPTIONS", SipParseError.BadHeaderValue, 400, "Malformed CSeq header")]
    [InlineData("Max-Forwards: lots", SipParseError.BadHeaderValue, 400, "Malformed Max-Forwards header")]
    [InlineData("Content-Length: 99", SipParseError.BadContentLength, 400, "Content-Length larger than the message")]
    [InlineData("Content-Length: -1", SipParseError.BadContentLength, 400, "Malformed Content-Length")]
    [InlineData("Contact: <sip:broken", SipParseError.BadHeaderValue, 400, "Malformed Contact header")]
    [InlineData("no colon here", SipParseError.BadHeaderLine, 400, "Malformed header line")]
    [InlineData("Route: <sip:a@b>, \"open quote", SipParseError.BadHeaderValue, 400, "Malformed Route header")]
    public void Malformed_header_is_a_typed_error_with_a_partial_request(string extra, SipParseError error, int status, string reason)
    {
        var text = SipText.Crlf($"""
            OPTIONS sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbad
            From: <sip:a@b>;tag=1
            To: <sip:c@d>
            Call-ID: bad@x
            {extra}

            """);
        if (!extra.StartsWith("CSeq", StringComparison.Ordinal))
        {
            text = text.Replace("Call-ID: bad@x\r\n", "Call-ID: bad@x\r\nCSeq: 2 OPTIONS\r\n", StringComparison.Ordinal);
        }

        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal(error, result.Error);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal(reason, result.Reason);
        Assert.Equal("bad@x", result.PartialRequest!.CallId);
    }

    [Fact]
    public void Malformed_via_still_gives_a_partial_request_without_a_top_via()
    {
        var result = SipParser.Parse(SipText.Bytes("""
            OPTIONS sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/3.0/UDP 127.0.0.1:5070
            From: <sip:a@b>;tag=1
            To: <sip:c@d>
            Call-ID: via@x
            CSeq: 2 OPTIONS


            """));

        Assert.Equal(SipParseError.BadHeaderValue, result.Error);
        Assert.Equal("Malformed Via header", result.Reason);
        Assert.Null(result.PartialRequest!.TopVia);
    }

    [Theory]
    [InlineData("OPTIONS sip:srs@127.0.0.1 SIP/3.0", SipParseError.UnsupportedVersion, 505)]
    [InlineData("OPTIONS mailto:srs@example.test SIP/2.0", SipParseError.UnsupportedUriScheme, 416)]
    public void Version_and_uri_scheme_errors_have_their_own_status(string startLine, SipParseError error, int status)
    {
        var result = SipParser.Parse(SipText.Bytes(startLine + """

            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKv
            From: <sip:a@b>;tag=1
            To: <sip:c@d>
            Call-ID: v@x
            CSeq: 2 OPTIONS


            """));

        Assert.Equal(error, result.Error);
        Assert.Equal(status, result.StatusCode);
        Assert.NotNull(result.PartialRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("hello")]
    [InlineData("INVITE\r\n\r\n")]
    [InlineData("SIP/2.0 abc OK\r\n\r\n")]
    [InlineData("INVITE sip:a@b SIP/2.0 extra\r\n\r\n")]
    [InlineData("\u0000\u0001\u0002")]
    public void Garbage_gives_no_response_to_form(string text)
    {
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Null(result.Message);
        Assert.Null(result.PartialRequest);
        Assert.NotEqual(SipParseError.None, result.Error);
    }

    [Fact]
    public void Message_larger_than_the_bound_is_513()
    {
        var padding = new string('x', 2000);
        var result = SipParser.Parse(SipText.Bytes($"""
            OPTIONS sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbig
            From: <sip:a@b>;tag=1
            To: <sip:c@d>
            Call-ID: big@x
            CSeq: 2 OPTIONS
            X-Padding: {padding}


            """), maxMessageSize: 1024);

        Assert.Equal(SipParseError.TooLarge, result.Error);
        Assert.Equal(513, result.StatusCode);
    }

    [Fact]
    public void Too_many_header_fields_are_refused()
    {
        var builder = new StringBuilder("OPTIONS sip:srs@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKmany\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: many@x\r\nCSeq: 1 OPTIONS\r\n");
        for (var i = 0; i < SipParser.MaxHeaderFields; i++)
        {
            builder.Append("X-H: v\r\n");
        }

        var result = SipParser.Parse(Encoding.UTF8.GetBytes(builder.Append("\r\n").ToString()));

        Assert.Equal(SipParseError.TooManyHeaders, result.Error);
    }
}
