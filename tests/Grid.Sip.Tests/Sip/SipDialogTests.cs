using Grid.Sip.Sip;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Sip;

public sealed class SipDialogTests
{
    private static SipRequest InviteWithRoutes() => SipText.Request("""
        INVITE sip:srs@127.0.0.1 SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d1
        Record-Route: <sip:proxy1.example.test;lr>, <sip:proxy2.example.test;lr>
        From: "SBC" <sip:sbc@example.test>;tag=remote-tag
        To: <sip:srs@example.test>
        Call-ID: dialog-1@example.test
        CSeq: 10 INVITE
        Contact: <sip:sbc@192.0.2.5:5080;transport=udp>;+sip.src
        Content-Length: 0


        """);

    [Fact]
    public void Dialog_from_an_invite_has_the_ids_target_and_route_set()
    {
        var dialog = SipDialog.FromInvite(InviteWithRoutes(), "local-tag")!;

        Assert.Equal("dialog-1@example.test|local-tag|remote-tag", dialog.Key);
        Assert.Equal("sip:sbc@192.0.2.5:5080;transport=udp", dialog.RemoteTarget.ToString());
        Assert.Equal(["<sip:proxy1.example.test;lr>", "<sip:proxy2.example.test;lr>"], dialog.RouteSet);
        Assert.Equal("proxy1.example.test", dialog.NextHop.Host);
        Assert.Equal(10, dialog.RemoteCSeq);
    }

    [Fact]
    public void Bye_from_the_server_swaps_from_and_to_and_carries_the_route_set()
    {
        var dialog = SipDialog.FromInvite(InviteWithRoutes(), "local-tag")!;

        var bye = dialog.CreateRequest("BYE", SipVia.Create("udp", "127.0.0.1", 5060, "z9hG4bK-bye"), "srs");

        Assert.Equal("BYE sip:sbc@192.0.2.5:5080;transport=udp SIP/2.0", bye.StartLine);
        Assert.Equal("<sip:srs@example.test>;tag=local-tag", bye.Headers.Get("From"));
        Assert.Equal("\"SBC\" <sip:sbc@example.test>;tag=remote-tag", bye.Headers.Get("To"));
        Assert.Equal(["<sip:proxy1.example.test;lr>", "<sip:proxy2.example.test;lr>"], bye.Headers.GetAll("Route"));
        Assert.Equal(new SipCSeq(1, "BYE"), bye.CSeq);
        Assert.Equal("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-bye;rport", bye.Headers.Get("Via"));
        Assert.Equal(SipParseError.None, SipParser.Parse(bye.ToBytes()).Error);
        Assert.Equal(new SipCSeq(2, "BYE"), dialog.CreateRequest("BYE", SipVia.Create("udp", "127.0.0.1", 5060, "z9hG4bK-bye2"), null).CSeq);
    }

    [Fact]
    public void Remote_cseq_must_grow()
    {
        var dialog = SipDialog.FromInvite(InviteWithRoutes(), "local-tag")!;

        Assert.False(dialog.TryAcceptRemoteCSeq(10));
        Assert.False(dialog.TryAcceptRemoteCSeq(9));
        Assert.True(dialog.TryAcceptRemoteCSeq(11));
        Assert.False(dialog.TryAcceptRemoteCSeq(11));
        Assert.True(dialog.TryAcceptRemoteCSeq(20));
    }

    [Fact]
    public void Request_in_the_dialog_finds_its_key()
    {
        var dialog = SipDialog.FromInvite(InviteWithRoutes(), "local-tag")!;
        var bye = SipText.Request("""
            BYE sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d2
            From: <sip:sbc@example.test>;tag=remote-tag
            To: <sip:srs@example.test>;tag=local-tag
            Call-ID: dialog-1@example.test
            CSeq: 11 BYE
            Content-Length: 0


            """);

        Assert.Equal(dialog.Key, SipDialog.KeyOf(bye));
    }

    [Fact]
    public void Invite_without_from_tag_or_contact_makes_no_dialog()
    {
        var noContact = SipText.Request("""
            INVITE sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d3
            From: <sip:sbc@example.test>;tag=r
            To: <sip:srs@example.test>
            Call-ID: d3@x
            CSeq: 1 INVITE
            Content-Length: 0


            """);

        Assert.Null(SipDialog.FromInvite(noContact, "l"));
    }

    [Fact]
    public void Target_refresh_moves_the_remote_target()
    {
        var dialog = SipDialog.FromInvite(InviteWithRoutes(), "local-tag")!;
        var reinvite = SipText.Request("""
            INVITE sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d4
            From: <sip:sbc@example.test>;tag=remote-tag
            To: <sip:srs@example.test>;tag=local-tag
            Call-ID: dialog-1@example.test
            CSeq: 11 INVITE
            Contact: <sip:sbc@192.0.2.6:5090>
            Content-Length: 0


            """);

        dialog.RefreshTarget(reinvite);

        Assert.Equal("sip:sbc@192.0.2.6:5090", dialog.RemoteTarget.ToString());
    }
}
