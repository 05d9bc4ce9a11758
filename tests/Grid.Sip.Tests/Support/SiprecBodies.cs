namespace Grid.Sip.Tests.Support;

/// <summary>SIPREC bodies for raw-client tests (the SIPp scenarios carry the same ones).</summary>
internal static class SiprecBodies
{
    /// <summary>The multipart Content-Type of <see cref="Multipart"/>.</summary>
    public const string ContentType = "multipart/mixed;boundary=srs-boundary";

    /// <summary>Two labelled PCMA streams from <paramref name="port"/> and port + 2.</summary>
    public static string Sdp(int port, string direction = "sendonly", int version = 1) => $"""
        v=0
        o=SRC 2890844526 {version} IN IP4 127.0.0.1
        s=SIPREC
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio {port} RTP/AVP 8 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=label:1
        a={direction}
        m=audio {port + 2} RTP/AVP 8 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=label:2
        a={direction}
        """;

    /// <summary>RFC 7865 metadata: two participants, each sending one of the two streams.</summary>
    public const string Metadata = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns="urn:ietf:params:xml:ns:recording:1">
        <datamode>complete</datamode>
        <session session_id="c2Vzc2lvbi0x"><sipSessionID>abc</sipSessionID></session>
        <participant participant_id="cGFydC1h"><nameID aor="sip:+15550100@caller.example.test"><name>Caller A</name></nameID></participant>
        <participant participant_id="cGFydC1i"><nameID aor="sip:2001@pbx.example.test"><name>Agent B</name></nameID></participant>
        <stream stream_id="c3RyZWFtLTE=" session_id="c2Vzc2lvbi0x"><label>1</label></stream>
        <stream stream_id="c3RyZWFtLTI=" session_id="c2Vzc2lvbi0x"><label>2</label></stream>
        <participantstreamassoc participant_id="cGFydC1h"><send>c3RyZWFtLTE=</send><recv>c3RyZWFtLTI=</recv></participantstreamassoc>
        <participantstreamassoc participant_id="cGFydC1i"><send>c3RyZWFtLTI=</send><recv>c3RyZWFtLTE=</recv></participantstreamassoc>
        </recording>
        """;

    /// <summary>The multipart body of a SIPREC INVITE.</summary>
    public static string Multipart(int port, string direction = "sendonly", int version = 1) => $"""
        --srs-boundary
        Content-Type: application/sdp

        {Sdp(port, direction, version)}
        --srs-boundary
        Content-Type: application/rs-metadata+xml
        Content-Disposition: recording-session

        {Metadata}
        --srs-boundary--
        """;
}
