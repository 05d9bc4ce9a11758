using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Grid.Sip.Sip.Transport;

/// <summary>SIP over UDP (RFC 3261 §18) on one socket: one datagram is one message; responses follow the Via rules.</summary>
internal sealed class UdpSipTransport : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SipTransportSettings _settings;
    private readonly ISipMessageSink _sink;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _open;

    public UdpSipTransport(IPEndPoint bind, SipTransportSettings settings, ISipMessageSink sink, ILogger logger)
    {
        _settings = settings;
        _sink = sink;
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        _socket.ReceiveBufferSize = 1 << 20;
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Whether the socket is receiving and sending.</summary>
    public bool IsOpen => _open;

    /// <summary>Starts the receive loop.</summary>
    public void Start()
    {
        _open = true;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>A channel to <paramref name="remote"/> through this socket.</summary>
    public ISipChannel ChannelTo(IPEndPoint remote) => new UdpChannel(this, remote);

    /// <summary>Sends a message (fire and forget; a failure is logged).</summary>
    public bool Send(SipMessage message, IPEndPoint remote)
    {
        if (!_open)
        {
            return false;
        }

        _ = SendAsync(message.ToBytes(), remote);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _open = false;
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task SendAsync(byte[] bytes, IPEndPoint remote)
    {
        try
        {
            await _socket.SendToAsync(bytes, SocketFlags.None, remote, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            SipLog.SendFailed(_logger, "udp", ex.GetType().Name);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(65536);
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // ICMP port unreachable for an earlier send and the like: the socket goes on.
                SipLog.ReceiveFailed(_logger, "udp", ex.SocketErrorCode.ToString());
                continue;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                SipInbound.Process(buffer.AsSpan(0, received.ReceivedBytes), source, "udp", _settings, _sink, via => ChannelTo(via is null ? source : SipResponseRouting.UdpDestination(via, source)), ChannelTo(source));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The sink must not throw; if it does, one message is lost, never the socket.
                SipLog.HandlerFailed(_logger, "udp", ex);
            }
        }
    }
}
