using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Grid.Sip.Sip.Transport;

/// <summary>
/// SIP over TCP, or over TLS when a certificate is given (RFC 3261 §18, §26.2): a listener, one
/// <see cref="SipStreamConnection"/> per accepted connection; responses and in-dialog requests go back on it.
/// </summary>
internal sealed class TcpSipTransport : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly SipTransportSettings _settings;
    private readonly ISipMessageSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SipStreamConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;

    public TcpSipTransport(IPEndPoint bind, X509Certificate2? certificate, SipTransportSettings settings, ISipMessageSink sink, TimeProvider time, ILogger logger)
    {
        _certificate = certificate;
        _settings = settings;
        _sink = sink;
        _time = time;
        _logger = logger;
        _listener = new TcpListener(bind);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _listener.Server.DualMode = true;
        }

        _listener.Start(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
    }

    /// <summary>"tcp" or "tls".</summary>
    public string Name => _certificate is null ? "tcp" : "tls";

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The open connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Starts accepting.</summary>
    public void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        foreach (var connection in _connections.Keys)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                SipLog.ReceiveFailed(_logger, Name, ex.SocketErrorCode.ToString());
                continue;
            }

            _ = Task.Run(() => OpenAsync(socket));
        }
    }

    private async Task OpenAsync(Socket socket)
    {
        socket.NoDelay = true;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_certificate is not null)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var timeout = new CancellationTokenSource(_settings.HandshakeTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = _certificate, ClientCertificateRequired = false },
                    linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException or OperationCanceledException)
            {
                SipLog.TlsHandshakeFailed(_logger, ex.GetType().Name);
                await tls.DisposeAsync().ConfigureAwait(false);
                return;
            }

            stream = tls;
        }

        var connection = new SipStreamConnection(stream, Name, remote, local, _settings, _sink, _time, _logger, c => _connections.TryRemove(c, out _));
        _connections[connection] = 0;
        if (_stop.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        connection.Start();
    }
}
