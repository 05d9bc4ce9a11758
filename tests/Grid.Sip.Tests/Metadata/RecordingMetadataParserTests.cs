using Grid.Sip.Metadata;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Metadata;

public sealed class RecordingMetadataParserTests
{
    private static (string Id, string? Aor, string? Name, string Sends, string Receives, bool Left) Summary(MetadataParticipant p) =>
        (p.Id, p.Aor, p.Name, string.Join(',', p.Sends), string.Join(',', p.Receives), p.Left);

    [Fact]
    public void RFC_7865_complete_metadata()
    {
        var metadata = RecordingMetadataParser.Parse(Fixture.Text("rfc7865-complete.xml"));

        Assert.Equal("complete", metadata.DataMode);
        Assert.Equal(["7c1a8d1e0f4b4c1b9d8e0a6f2b3c4d5e;remote=00000000000000000000000000000000"], metadata.SessionIds);
        Assert.Null(metadata.VendorCallId);
        Assert.Equal(
            [
                ("UGFydGljaXBhbnRBbGljZQ==", "sip:+441632960001@carrier.example.net", "Alice Lovelace", "U3RyZWFtQWxpY2VTZW5kcw==", "U3RyZWFtQm9iU2VuZHNBQQ==", false),
                ("UGFydGljaXBhbnRCb2IAAA==", "sip:2001@pbx.example.com", "Desk 2001", "U3RyZWFtQm9iU2VuZHNBQQ==", "U3RyZWFtQWxpY2VTZW5kcw==", false),
            ],
            metadata.Participants.Select(Summary));
        Assert.Equal(["sip:2001@pbx.example.com", "tel:+441632960999"], metadata.Participants[1].Aors);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 9, 15, 1, TimeSpan.Zero), metadata.Participants[1].JoinedAt);
        Assert.Equal(
            [new MetadataStream("U3RyZWFtQWxpY2VTZW5kcw==", "1"), new MetadataStream("U3RyZWFtQm9iU2VuZHNBQQ==", "2")],
            metadata.Streams);
    }

    [Fact]
    public void Sonus_Ribbon_tns_prefix_id_attributes_associations_inside_participant_and_callData_call_id()
    {
        var metadata = RecordingMetadataParser.Parse(Fixture.Text("sonus-tns.xml"));

        Assert.Equal("complete", metadata.DataMode);
        Assert.Equal(["0f3e5d7c9b1a2e4c6a8b0d2f4e6a8c0b"], metadata.SessionIds);
        Assert.Equal("a84b4c76e66710@sbc1.carrier.example.net", metadata.VendorCallId);
        Assert.Equal(
            [
                ("cGFydGljaXBhbnQtY2Fyb2w=", "sip:+12025550143@carrier.example.net", "Carol Jones", "c3RyZWFtLWNhcm9s", "c3RyZWFtLWFnZW50", false),
                ("cGFydGljaXBhbnQtYWdlbnQ=", "sip:+12025550100@contact.example.com", null, "c3RyZWFtLWFnZW50", "c3RyZWFtLWNhcm9s", false),
            ],
            metadata.Participants.Select(Summary));
        Assert.Equal([new MetadataStream("c3RyZWFtLWNhcm9s", "1"), new MetadataStream("c3RyZWFtLWFnZW50", "2")], metadata.Streams);
    }

    [Fact]
    public void BroadWorks_recording_metadata_root_dataMode_and_vendor_extension_ignored()
    {
        var metadata = RecordingMetadataParser.Parse(Fixture.Text("broadworks.xml"));

        Assert.Equal("complete", metadata.DataMode);
        Assert.Equal(["BW0800001230106251234567@10.20.30.40"], metadata.SessionIds);
        Assert.Null(metadata.VendorCallId);
        Assert.Equal(
            [
                ("YnctdXNlci0x", "sip:5551234@enterprise.example.org", "Dana Whitfield", "YnctcmVjLWE=", "YnctcmVjLWI=", false),
                ("YnctdXNlci0y", "tel:+13125550188", null, "YnctcmVjLWI=", "YnctcmVjLWE=", false),
            ],
            metadata.Participants.Select(Summary));
        Assert.Equal([new MetadataStream("YnctcmVjLWE=", "0"), new MetadataStream("YnctcmVjLWI=", "1")], metadata.Streams);
    }

    [Fact]
    public void Cisco_CUBE_ccsipdata_call_id()
    {
        var metadata = RecordingMetadataParser.Parse(Fixture.Text("cisco-cube.xml"));

        Assert.Equal("7B2E1D30-22A411EF-8001C6F4-9A0B3E51@198.51.100.7", metadata.VendorCallId);
        Assert.Equal(["ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2"], metadata.SessionIds);
        Assert.Equal(
            [
                ("Y3ViZS1wYXJ0LWE=", "sip:+4930901820@198.51.100.7", "Erik Brandt", "Y3ViZS1zdHJlYW0tYQ==", "Y3ViZS1zdHJlYW0tYg==", false),
                ("Y3ViZS1wYXJ0LWI=", "sip:7001@198.51.100.20", null, "Y3ViZS1zdHJlYW0tYg==", "Y3ViZS1zdHJlYW0tYQ==", false),
            ],
            metadata.Participants.Select(Summary));
        Assert.Equal(["1", "2"], metadata.Streams.Select(s => s.Label));
    }

    [Fact]
    public void Partial_update_reflects_a_transfer_the_participant_who_left_is_kept_and_marked()
    {
        var current = RecordingMetadataParser.Parse(Fixture.Text("rfc7865-complete.xml"));
        var update = RecordingMetadataParser.Parse(Fixture.Text("rfc7865-partial-transfer.xml"));

        Assert.True(update.IsPartial);
        var merged = RecordingMetadataParser.Merge(current, update);

        Assert.Equal("complete", merged.DataMode);
        Assert.Equal(current.SessionIds, merged.SessionIds);
        Assert.Equal(
            [
                ("UGFydGljaXBhbnRBbGljZQ==", "sip:+441632960001@carrier.example.net", "Alice Lovelace", "U3RyZWFtQWxpY2VTZW5kcw==", "U3RyZWFtQm9iU2VuZHNBQQ==", false),
                ("UGFydGljaXBhbnRCb2IAAA==", "sip:2001@pbx.example.com", "Desk 2001", "U3RyZWFtQm9iU2VuZHNBQQ==", "U3RyZWFtQWxpY2VTZW5kcw==", true),
                ("UGFydGljaXBhbnRDaGFybA==", "sip:2002@pbx.example.com", "Desk 2002", "U3RyZWFtQm9iU2VuZHNBQQ==", "U3RyZWFtQWxpY2VTZW5kcw==", false),
            ],
            merged.Participants.Select(Summary));
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 9, 20, 30, TimeSpan.Zero), merged.Participants[1].LeftAt);
        Assert.Equal(["sip:2001@pbx.example.com", "tel:+441632960999"], merged.Participants[1].Aors);
        Assert.Equal(current.Streams, merged.Streams);
    }

    [Fact]
    public void Partial_update_rejoin_clears_left_and_relabels_a_stream()
    {
        var current = RecordingMetadataParser.Merge(
            RecordingMetadataParser.Parse(Fixture.Text("rfc7865-complete.xml")),
            RecordingMetadataParser.Parse(Fixture.Text("rfc7865-partial-transfer.xml")));
        var update = RecordingMetadataParser.Parse(
            """
            <recording xmlns="urn:ietf:params:xml:ns:recording:1">
              <datamode>partial</datamode>
              <stream stream_id="U3RyZWFtQm9iU2VuZHNBQQ==" session_id="x"><label>22</label></stream>
              <participantsessionassoc participant_id="UGFydGljaXBhbnRCb2IAAA==" session_id="x">
                <associate-time>2025-03-04T09:25:00Z</associate-time>
              </participantsessionassoc>
            </recording>
            """);

        var merged = RecordingMetadataParser.Merge(current, update);

        Assert.False(merged.Participants[1].Left);
        Assert.Null(merged.Participants[1].LeftAt);
        Assert.Equal("sip:2001@pbx.example.com", merged.Participants[1].Aor);
        Assert.Equal(["1", "22"], merged.Streams.Select(s => s.Label));
    }

    [Fact]
    public void Complete_update_replaces_but_keeps_the_vendor_call_id()
    {
        var current = RecordingMetadataParser.Parse(Fixture.Text("sonus-tns.xml"));
        var update = RecordingMetadataParser.Parse(Fixture.Text("broadworks.xml"));

        var merged = RecordingMetadataParser.Merge(current, update);

        Assert.Equal(update.Participants, merged.Participants);
        Assert.Equal(update.Streams, merged.Streams);
        Assert.Equal("a84b4c76e66710@sbc1.carrier.example.net", merged.VendorCallId);
    }

    [Fact]
    public void External_entities_are_refused()
    {
        var xxe =
            """
            <?xml version="1.0"?>
            <!DOCTYPE recording [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <recording xmlns="urn:ietf:params:xml:ns:recording:1">
              <participant participant_id="p"><nameID aor="sip:a@b"><name>&secret;</name></nameID></participant>
            </recording>
            """;

        var error = Assert.Throws<SiprecBodyException>(() => RecordingMetadataParser.Parse(xxe));
        Assert.Contains("DOCTYPE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entity_expansion_bombs_are_refused()
    {
        var bomb =
            """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <recording xmlns="urn:ietf:params:xml:ns:recording:1"><datamode>&lol3;</datamode></recording>
            """;

        Assert.Throws<SiprecBodyException>(() => RecordingMetadataParser.Parse(bomb));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<recording xmlns='urn:ietf:params:xml:ns:recording:1'>")]
    [InlineData("<html><body/></html>")]
    [InlineData("<recording xmlns='urn:example:other'/>")]
    public void Unusable_metadata_is_refused_with_a_typed_error(string xml) =>
        Assert.Throws<SiprecBodyException>(() => RecordingMetadataParser.Parse(xml));

    [Fact]
    public void Size_is_bounded()
    {
        var big = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'>" + new string(' ', RecordingMetadataParser.MaxCharacters) + "</recording>";

        Assert.Contains("more than", Assert.Throws<SiprecBodyException>(() => RecordingMetadataParser.Parse(big)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Association_for_an_undeclared_participant_yields_it_without_an_aor()
    {
        var metadata = RecordingMetadataParser.Parse(
            "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>partial</datamode>" +
            "<participantstreamassoc participant_id='p9'><send>s1 s2</send></participantstreamassoc></recording>");

        var participant = Assert.Single(metadata.Participants);
        Assert.Equal(("p9", null, null, "s1,s2", "", false), Summary(participant));
    }
}
