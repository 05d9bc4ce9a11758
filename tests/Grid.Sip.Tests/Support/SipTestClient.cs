using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Grid.Sip.Sip;

namespace Grid.Sip.Tests.Support;

/// <summary>
/// A raw SIP peer for tests: sends text or messages over UDP, TCP or TLS and reads what comes back, parsed. Receive
/// waits are failure guards only (a test that gets its message goes on at once).
/// </summary>
internal sealed class SipTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);
    private readonly Socket? _udp;
    private readonly IPEndPoint _server;
    private readonly Stream? _stream;
    private readonly TcpClient? _tcp;
    private readonly List<byte> _buffer = [];

    private SipTestClient(IPEndPoint server, Socket? udp, TcpClient? tcp, Stream? stream, string transport)
    {
        _server = server;
        _udp = udp;
        _tcp = tcp;
        _stream = stream;
        Transport = transport;
        LocalEndPoint = (IPEndPoint)(udp?.LocalEndPoint ?? tcp!.Client.LocalEndPoint!);
    }

    /// <summary>"UDP", "TCP" or "TLS" (as written in Via).</summary>
    public string Transport { get; }

    /// <summary>The client's address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    public static SipTestClient Udp(IPEndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new SipTestClient(server, socket, null, null, "UDP");
    }

    public static async Task<SipTestClient> TcpAsync(IPEndPoint server)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(server);
        return new SipTestClient(server, null, tcp, tcp.GetStream(), "TCP");
    }

    public static async Task<SipTestClient> TlsAsync(IPEndPoint server)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(server);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = (_, _, _, _) => true });
        return new SipTestClient(server, null, tcp, tls, "TLS");
    }

    /// <summary>Sends raw bytes.</summary>
    public async Task SendAsync(byte[] bytes)
    {
        if (_udp is not null)
        {
            await _udp.SendToAsync(bytes, SocketFlags.None, _server);
            return;
        }

        await _stream!.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends text with CRLF line ends; <c>{via}</c> becomes this client's Via sent-by, <c>{transport}</c> its transport.</summary>
    public Task SendAsync(string text) => SendAsync(SipText.Bytes(Fill(text)));

    /// <summary>Sends a message.</summary>
    public Task SendAsync(SipMessage message) => SendAsync(message.ToBytes());

    /// <summary>Replaces <c>{via}</c> and <c>{transport}</c> in <paramref name="text"/>.</summary>
    public string Fill(string text) => text
        .Replace("{via}", $"SIP/2.0/{Transport} {LocalEndPoint.Address}:{LocalEndPoint.Port}", StringComparison.Ordinal)
        .Replace("{contact}", $"127.0.0.1:{LocalEndPoint.Port}", StringComparison.Ordinal)
        .Replace("{transport}", Transport.ToLowerInvariant(), StringComparison.Ordinal);

    /// <summary>The next message, or null when none comes (or the connection closed) within the guard.</summary>
    public async Task<SipMessage?> ReceiveAsync(TimeSpan? guard = null)
    {
        using var timeout = new CancellationTokenSource(guard ?? Guard);
        try
        {
            if (_udp is not null)
            {
                var buffer = new byte[65536];
                var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                return SipParser.Parse(buffer.AsSpan(0, received.ReceivedBytes)).Message;
            }

            while (true)
            {
                var frame = SipStreamFramer.Next(_buffer.ToArray(), 1 << 20);
                if (frame.Kind == SipFrameKind.Message)
                {
                    var bytes = _buffer.GetRange(0, frame.Length).ToArray();
                    _buffer.RemoveRange(0, frame.Length);
                    return SipParser.Parse(bytes).Message;
                }

                if (frame.Kind == SipFrameKind.KeepAlive)
                {
                    _buffer.RemoveRange(0, frame.Length);
                    continue;
                }

                var chunk = new byte[8192];
                var read = await _stream!.ReadAsync(chunk, timeout.Token);
                if (read == 0)
                {
                    return null;
                }

                _buffer.AddRange(chunk.AsSpan(0, read).ToArray());
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The next UDP datagram as text, which must come.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(Guard);
        var buffer = new byte[65536];
        var received = await _udp!.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes);
    }

    /// <summary>The next final response (provisional ones skipped), which must come.</summary>
    public async Task<SipResponse> FinalResponseAsync()
    {
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new TimeoutException("No final response arrived.");
            if (message is SipResponse { IsProvisional: false } response)
            {
                return response;
            }
        }
    }

    /// <summary>The next request (responses skipped), which must come.</summary>
    public async Task<SipRequest> RequestAsync(TimeSpan? guard = null)
    {
        while (true)
        {
            var message = await ReceiveAsync(guard) ?? throw new TimeoutException("No request arrived.");
            if (message is SipRequest request)
            {
                return request;
            }
        }
    }

    /// <summary>Whether the server closed the connection (reads end) within the guard.</summary>
    public async Task<bool> ClosedAsync()
    {
        using var timeout = new CancellationTokenSource(Guard);
        try
        {
            var chunk = new byte[1024];
            while (true)
            {
                var read = await _stream!.ReadAsync(chunk, timeout.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Text of a request from this client with the given method, branch, call id, CSeq, optional To tag and extra lines.</summary>
    public string Request(string method, string branch, string callId, int cseq, string? toTag = null, string extra = "", string? contentType = null, string body = "")
    {
        var bytes = Encoding.UTF8.GetByteCount(SipText.Crlf(body));
        return $"""
            {method} sip:rec@127.0.0.1 SIP/2.0
            Via: {"{via}"};branch={branch};rport
            Max-Forwards: 70
            From: <sip:sbc@127.0.0.1>;tag=src-{callId}
            To: <sip:rec@127.0.0.1>{(toTag is null ? string.Empty : ";tag=" + toTag)}
            Call-ID: {callId}
            CSeq: {cseq} {method}
            Contact: <sip:sbc@{"{contact}"};transport={"{transport}"}>;+sip.src
            {extra}{(contentType is null ? string.Empty : "Content-Type: " + contentType + "\n")}Content-Length: {bytes}

            {body}
            """;
    }

    public async ValueTask DisposeAsync()
    {
        _udp?.Dispose();
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _tcp?.Dispose();
    }
}
