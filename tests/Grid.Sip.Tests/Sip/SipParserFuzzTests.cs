using System.Net;
using System.Text;
using CsCheck;
using Grid.Sip.Sip;
using Grid.Sip.Sip.Transport;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Sip;

/// <summary>No input crashes the parser, the framer or the inbound path; whatever parses survives a round trip.</summary>
public sealed class SipParserFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        SipText.Bytes("""
            INVITE sip:srs@127.0.0.1:5060 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1;rport
            v: SIP/2.0/TCP [::1]:5071;branch=z9hG4bK-2;received=10.0.0.1
            Max-Forwards: 70
            f: "A, B" <sip:src@127.0.0.1;transport=udp>;tag=abc
            t: <sip:srs@127.0.0.1>
            i: call-1@127.0.0.1
            CSeq: 1 INVITE
            m: <sip:src@127.0.0.1:5070>;+sip.src
            Require: siprec
            Record-Route: <sip:p1@127.0.0.1;lr>, <sip:p2@127.0.0.1;lr>
            Subject: folded
             line
            Content-Type: multipart/mixed;boundary=xyz
            Content-Length: 52

            --xyz
            Content-Type: application/sdp

            v=0
            --xyz--
            """),
        SipText.Bytes("""
            SIP/2.0 200 OK
            Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-3
            From: <sip:srs@127.0.0.1>;tag=x
            To: <sip:src@127.0.0.1>;tag=y
            Call-ID: bye-1@127.0.0.1
            CSeq: 2 BYE
            l: 0


            """),
        SipText.Options().ToBytes(),
    ];

    private static readonly byte[] Specials = "\r\n:;,<>\"\\ \t@=/?[]z9hG4bK0"u8.ToArray();

    [Fact]
    public void Random_bytes_never_crash_the_parser_or_the_framer()
    {
        Gen.Byte.Array[0, 1500].Sample(bytes => Check(bytes), iter: 20_000);
    }

    [Fact]
    public void Mutated_messages_never_crash_and_round_trip_when_they_parse()
    {
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[1, 8])
            .Select(t => Mutate(Seeds[t.Item1], new Random(t.Item2), t.Item3))
            .Sample(bytes => Check(bytes), iter: 30_000);
    }

    private static void Check(byte[] bytes)
    {
        var result = SipParser.Parse(bytes, 4096);
        SipStreamFramer.Next(bytes, 4096);
        if (result.Message is { } message)
        {
            var again = SipParser.Parse(message.ToBytes(), int.MaxValue);
            Assert.Equal(SipParseError.None, again.Error);
            Assert.Equal(message.StartLine, again.Message!.StartLine);
            Assert.Equal(WithoutLength(message.Headers), WithoutLength(again.Message.Headers));
            Assert.Equal(message.Body.ToArray(), again.Message.Body.ToArray());
            _ = message.From;
            _ = message.To;
            _ = message.TopVia;
            _ = Grid.Sip.Sip.Transactions.TransactionKeys.Server(message as SipRequest ?? SipText.Options());
        }

        if (result.PartialRequest is { } partial)
        {
            Assert.NotEqual(SipParseError.None, result.Error);
            Assert.NotNull(SipResponse.Create(partial, result.StatusCode, result.Reason, "t").ToBytes());
        }

        var sink = new CountingSink();
        SipInbound.Process(bytes, new IPEndPoint(IPAddress.Loopback, 5070), "udp", new SipTransportSettings(4096, "fuzz", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)), sink, _ => new FakeChannel(), new FakeChannel());
        Assert.True(sink.Calls <= 1);
    }

    /// <summary>The fields but Content-Length, which serialisation always writes from the body.</summary>
    private static List<string> WithoutLength(SipHeaders headers) =>
        [.. headers.Where(h => h.Name != SipHeaderNames.ContentLength).Select(h => h.Name + ": " + h.Value)];

    private static byte[] Mutate(byte[] seed, Random random, int mutations)
    {
        var bytes = new List<byte>(seed);
        for (var m = 0; m < mutations; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, Specials[random.Next(Specials.Length)]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 40)));
                    break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 80));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(random.Next(3) switch { 0 => "\r\n ", 1 => "Content-Length: 99999\r\n", _ => "\u00e9\u4e2d" }));
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes[at] = Specials[random.Next(Specials.Length)];
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private sealed class CountingSink : ISipMessageSink
    {
        public int Calls { get; private set; }

        public void OnRequest(SipRequest request, ISipChannel channel) => Calls++;

        public void OnResponse(SipResponse response, ISipChannel channel) => Calls++;

        public void OnMalformed(SipParseError error, string transport, bool answered) => Calls++;
    }
}
