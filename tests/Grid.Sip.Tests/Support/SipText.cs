using System.Text;
using Grid.Sip.Sip;

namespace Grid.Sip.Tests.Support;

/// <summary>SIP messages written as text in tests (LF line ends in the source become CRLF).</summary>
internal static class SipText
{
    /// <summary>The bytes of <paramref name="text"/> with every line end made CRLF.</summary>
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(Crlf(text));

    /// <summary><paramref name="text"/> with every line end made CRLF.</summary>
    public static string Crlf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

    /// <summary>Parses a message that must parse.</summary>
    public static SipMessage Parse(string text)
    {
        var result = SipParser.Parse(Bytes(text));
        Assert.Equal(SipParseError.None, result.Error);
        return result.Message!;
    }

    /// <summary>Parses a request that must parse.</summary>
    public static SipRequest Request(string text) => Assert.IsType<SipRequest>(Parse(text));

    /// <summary>An OPTIONS with the given branch and Call-ID.</summary>
    public static SipRequest Options(string branch = "z9hG4bK-opt-1", string callId = "opt-1@example.test", int cseq = 1) => Request($"""
        OPTIONS sip:srs@127.0.0.1 SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:5070;branch={branch};rport
        Max-Forwards: 70
        From: <sip:sbc@127.0.0.1>;tag=from-1
        To: <sip:srs@127.0.0.1>
        Call-ID: {callId}
        CSeq: {cseq} OPTIONS
        Content-Length: 0


        """);

    /// <summary>An INVITE (no body) with the given branch.</summary>
    public static SipRequest Invite(string branch = "z9hG4bK-inv-1", string callId = "inv-1@example.test", int cseq = 1, string? toTag = null) => Request($"""
        INVITE sip:srs@127.0.0.1 SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:5070;branch={branch};rport
        Max-Forwards: 70
        From: "SBC" <sip:sbc@127.0.0.1>;tag=from-1
        To: <sip:srs@127.0.0.1>{(toTag is null ? string.Empty : ";tag=" + toTag)}
        Call-ID: {callId}
        CSeq: {cseq} INVITE
        Contact: <sip:sbc@127.0.0.1:5070>;+sip.src
        Content-Length: 0


        """);
}
