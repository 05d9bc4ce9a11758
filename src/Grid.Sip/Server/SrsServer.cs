using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grid.Sip.Media;
using Grid.Sip.Recording;
using Grid.Sip.Sip.Transactions;
using Grid.Sip.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Grid.Sip.Server;

/// <summary>
/// The SIPREC session recording server (RFC 7866): SIP over UDP, TCP and TLS, one recording per session handed to the
/// host's <see cref="IRecordingBackend"/>. The host creates it with validated <see cref="SrsOptions"/>, calls
/// <see cref="StartAsync"/> at start and <see cref="StopAsync"/> on SIGTERM (live sessions get a BYE and end as
/// <see cref="SessionEndReason.Shutdown"/>). Written by hand: no SIP library is served.
/// </summary>
public sealed class SrsServer : IAsyncDisposable
{
    private readonly SrsOptions _options;
    private readonly SrsContext _ctx;
    private readonly SessionRegistry _registry;
    private readonly SrsCore _core;
    private readonly ILoggerFactory _loggerFactory;
    private UdpSipTransport? _udp;
    private TcpSipTransport? _tcp;
    private TcpSipTransport? _tls;
    private int _state;

    /// <summary>A server with the RFC 3261 timers; <paramref name="timeProvider"/> drives every timer (tests pass a fake one).</summary>
    public SrsServer(SrsOptions options, IRecordingBackend backend, IMeterFactory meterFactory, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
        : this(options, backend, meterFactory, loggerFactory, timeProvider ?? TimeProvider.System, SipTimerSettings.Default)
    {
    }

    internal SrsServer(SrsOptions options, IRecordingBackend backend, IMeterFactory meterFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider, SipTimerSettings timers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _options = options;
        _loggerFactory = loggerFactory;
        _registry = new SessionRegistry(options.MaxSessions);
        var transactions = new SipTransactionLayer(timeProvider, timers, options.UserAgent);
        _ctx = new SrsContext(options, backend, new SrsMetrics(meterFactory), loggerFactory, timeProvider, transactions, new RtpPortPool(options.RtpPortFirst, options.RtpPortLast));
        _core = new SrsCore(_ctx, _registry);
    }

    /// <summary>The UDP address and port bound, once started (null when UDP is disabled).</summary>
    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    /// <summary>The TCP address and port bound, once started (null when TCP is disabled).</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The TLS address and port bound, once started (null without a certificate).</summary>
    public IPEndPoint? TlsEndPoint => _tls?.LocalEndPoint;

    /// <summary>Answered sessions not yet ended.</summary>
    public int ActiveSessions => _registry.Count;

    /// <summary>Whether new sessions are accepted (false once <see cref="StopAsync"/> began).</summary>
    public bool IsAccepting => _registry.IsAccepting && Volatile.Read(ref _state) == 1;

    /// <summary>Binds the sockets and starts receiving. Throws when a port is taken or the certificate cannot be loaded.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The server was started already.");
        }

        var address = IPAddress.Parse(_options.ListenAddress);
        var settings = new SipTransportSettings(_options.MaxMessageSize, _options.UserAgent, _options.ConnectionIdleTimeout, TimeSpan.FromSeconds(10));
        var logger = _loggerFactory.CreateLogger("Grid.Sip.Transport");
        try
        {
            if (_options.UdpPort is { } udpPort)
            {
                _udp = new UdpSipTransport(new IPEndPoint(address, udpPort), settings, _core, logger);
                _ctx.Udp = _udp;
                _udp.Start();
            }

            if (_options.TcpPort is { } tcpPort)
            {
                _tcp = new TcpSipTransport(new IPEndPoint(address, tcpPort), null, settings, _core, _ctx.Time, logger);
                _tcp.Start();
            }

            if (_options.TlsCertificatePath is { } certificatePath && _options.TlsPort is { } tlsPort)
            {
                _tls = new TcpSipTransport(new IPEndPoint(address, tlsPort), LoadCertificate(certificatePath, _options.TlsKeyPath), settings, _core, _ctx.Time, logger);
                _tls.Start();
            }
        }
        catch
        {
            _ = DisposeTransportsAsync();
            throw;
        }

        SrsLog.Listening(_ctx.Logger, Describe(_udp?.LocalEndPoint), Describe(_tcp?.LocalEndPoint), Describe(_tls?.LocalEndPoint), _options.MaxSessions);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Graceful stop (SIGTERM): new INVITEs get 503, every live session gets a BYE and its recording ends as
    /// <see cref="SessionEndReason.Shutdown"/>, within <see cref="SrsOptions.ShutdownTimeout"/>; then the sockets close.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }

        await _core.StopAsync(cancellationToken).ConfigureAwait(false);
        await DisposeTransportsAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _state) == 1)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _state, 3);
        await DisposeTransportsAsync().ConfigureAwait(false);
    }

    private static X509Certificate2 LoadCertificate(string certificatePath, string? keyPath) =>
        keyPath is not null
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : certificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || certificatePath.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(certificatePath)
                : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null);

    private static string Describe(IPEndPoint? endPoint) => endPoint?.ToString() ?? "off";

    private async Task DisposeTransportsAsync()
    {
        var udp = Interlocked.Exchange(ref _udp, null);
        var tcp = Interlocked.Exchange(ref _tcp, null);
        var tls = Interlocked.Exchange(ref _tls, null);
        if (udp is not null)
        {
            await udp.DisposeAsync().ConfigureAwait(false);
        }

        if (tcp is not null)
        {
            await tcp.DisposeAsync().ConfigureAwait(false);
        }

        if (tls is not null)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
        }
    }
}
