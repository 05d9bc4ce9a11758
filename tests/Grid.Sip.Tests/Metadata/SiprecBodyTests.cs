using System.Text;
using Grid.Sip.Metadata;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Metadata;

public sealed class SiprecBodyTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\na=label:1\r\n";

    private static readonly string Metadata = Fixture.Text("rfc7865-complete.xml");

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void SDP_then_metadata_with_preamble_and_epilogue()
    {
        var body =
            "This is a multi-part message in MIME format.\r\n" +
            "--uniqueBoundary\r\n" +
            "Content-Type: application/sdp\r\n" +
            "\r\n" +
            Sdp +
            "\r\n--uniqueBoundary\r\n" +
            "Content-Type: application/rs-metadata+xml\r\n" +
            "Content-Disposition: recording-session\r\n" +
            "\r\n" +
            Metadata +
            "\r\n--uniqueBoundary--\r\n" +
            "epilogue text\r\n";

        var parsed = SiprecBody.Parse("multipart/mixed;boundary=uniqueBoundary", Bytes(body));

        Assert.Equal(Sdp, parsed.Sdp);
        Assert.Equal(Metadata, parsed.MetadataXml);
    }

    [Fact]
    public void Metadata_first_quoted_boundary_LF_line_ends_and_rs_metadata_without_xml_suffix()
    {
        var sdp = Sdp.Replace("\r\n", "\n", StringComparison.Ordinal);
        var body =
            "--OSS-unique-boundary-42\n" +
            "Content-Type: application/rs-metadata\n" +
            "Content-Disposition: recording-session\n" +
            "\n" +
            "<recording xmlns='urn:ietf:params:xml:ns:recording:1'/>\n" +
            "--OSS-unique-boundary-42\n" +
            "Content-Type: application/sdp\n" +
            "Content-Length: 200\n" +
            "\n" +
            sdp +
            "\n--OSS-unique-boundary-42--";

        var parsed = SiprecBody.Parse("Multipart/Mixed; charset=utf-8; boundary=\"OSS-unique-boundary-42\"", Bytes(body));

        Assert.Equal(sdp, parsed.Sdp);
        Assert.Equal("<recording xmlns='urn:ietf:params:xml:ns:recording:1'/>", parsed.MetadataXml);
    }

    [Fact]
    public void Metadata_part_found_by_disposition_folded_headers_and_base64()
    {
        var xml = "<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"><datamode>partial</datamode></recording>";
        var body =
            "--b1\r\n" +
            "Content-Type: application/sdp\r\n\r\n" +
            Sdp +
            "\r\n--b1\r\n" +
            "Content-Type: application/xml\r\n" +
            "Content-Disposition:\r\n recording-session;handling=required\r\n" +
            "Content-Transfer-Encoding: base64\r\n\r\n" +
            Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)) +
            "\r\n--b1\r\n" +
            "Content-Type: text/plain\r\n\r\n" +
            "a vendor's note\r\n" +
            "--b1--\r\n";

        var parsed = SiprecBody.Parse("multipart/mixed;boundary=b1", Bytes(body));

        Assert.Equal(Sdp, parsed.Sdp);
        Assert.Equal(xml, parsed.MetadataXml);
    }

    [Fact]
    public void Missing_closing_delimiter_is_tolerated()
    {
        var body = "--b\r\nContent-Type: application/sdp\r\n\r\n" + Sdp;

        Assert.Equal(Sdp, SiprecBody.Parse("multipart/mixed; boundary=b", Bytes(body)).Sdp);
    }

    [Fact]
    public void Lone_SDP_lone_metadata_and_empty_body()
    {
        Assert.Equal(new SiprecBody(Sdp, null), SiprecBody.Parse("application/sdp", Bytes(Sdp)));
        Assert.Equal(new SiprecBody(null, Metadata), SiprecBody.Parse("application/rs-metadata+xml", Bytes(Metadata)));
        Assert.Equal(new SiprecBody(null, null), SiprecBody.Parse(null, []));
    }

    [Theory]
    [InlineData(null, "v=0", 400, "no Content-Type")]
    [InlineData("text/html", "<html/>", 415, "not supported")]
    [InlineData("multipart/mixed", "--x\r\n\r\nv=0\r\n--x--", 400, "boundary")]
    [InlineData("multipart/mixed;boundary=abc", "--xyz\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--xyz--", 400, "never contains")]
    [InlineData("multipart/mixed;boundary=abc", "--abc\r\nContent-Type: text/plain\r\n\r\nhello\r\n--abc--", 400, "neither")]
    [InlineData("multipart/mixed;boundary=abc", "--abc\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--abc\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--abc--", 400, "two application/sdp")]
    [InlineData("multipart/mixed;boundary=abc", "--abc\r\nthis line is no header\r\n\r\nv=0\r\n--abc--", 400, "malformed header")]
    [InlineData("multipart/mixed;boundary=abc", "--abc\r\nContent-Type: application/sdp\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nv=0\r\n--abc--", 400, "quoted-printable")]
    [InlineData("garbage", "v=0", 400, "type/subtype")]
    public void Malformed_bodies_are_refused_with_a_typed_error_and_status(string? contentType, string body, int status, string says)
    {
        var error = Assert.Throws<SiprecBodyException>(() => SiprecBody.Parse(contentType, Bytes(body)));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_is_bounded()
    {
        var error = Assert.Throws<SiprecBodyException>(() => SiprecBody.Parse("application/sdp", new byte[SiprecBody.MaxBodyBytes + 1]));
        Assert.Contains("more than", error.Message, StringComparison.Ordinal);
    }
}
