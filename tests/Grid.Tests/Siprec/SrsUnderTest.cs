using System.Net;
using Grid.Client;
using Grid.Client.Credentials;
using Grid.Security;
using Grid.Sip.Server;
using Grid.Siprec;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grid.Tests.Siprec;

/// <summary>
/// The SIPREC server wired to a Grid exactly as the SRS host wires it (<see cref="GridRecordingBackend"/> over the
/// recorder SDK), on loopback with free SIP ports and an RTP range of its own.
/// </summary>
internal sealed class SrsUnderTest : IAsyncDisposable
{
    private static int nextRange;
    private readonly ServiceProvider metrics;

    private SrsUnderTest(SrsServer server, GridRecordingBackend backend, ServiceProvider metrics)
    {
        Server = server;
        Backend = backend;
        this.metrics = metrics;
    }

    public SrsServer Server { get; }

    public GridRecordingBackend Backend { get; }

    public IPEndPoint Udp => Server.UdpEndPoint!;

    public IPEndPoint Tcp => Server.TcpEndPoint!;

    public IPEndPoint Target(string transport) => transport == "tcp" ? Tcp : Udp;

    /// <summary>
    /// An SRS with one route, <c>pbx-1</c>, for <paramref name="tenantId"/> from <paramref name="sources"/>. The route's
    /// credential is a recorder credential issued for the tenant (the real exchange), unless <paramref name="credential"/> is given.
    /// </summary>
    public static async Task<SrsUnderTest> StartAsync(
        IClusterClient client,
        string tenantId,
        string[]? sources = null,
        Action<SrsOptions>? configure = null,
        IGridCredentialSource? credential = null,
        TimeSpan? retryDeadline = null)
    {
        var route = new SrsRoute { Name = "pbx-1", TenantId = tenantId, Sources = [.. sources ?? ["127.0.0.1"]] };
        if (credential is null)
        {
            var secret = await client.GetGrain<IRecorderCredentialGrain>($"{tenantId}/srs").IssueSecretAsync();
            route.ClientId = secret.ClientId;
            route.Secret = secret.Secret;
        }
        else
        {
            route.ClientId = $"{tenantId}/srs";
            route.Secret = "unused";
        }

        var routing = new SrsRoutingOptions { Routes = [route], GridRetryDeadline = retryDeadline ?? TimeSpan.FromSeconds(30) };
        var clientOptions = new GridClientOptions();
        clientOptions.Recorder.RetryDeadline = routing.GridRetryDeadline;
        clientOptions.Recorder.MaxInFlight = routing.GridMaxInFlight;
        var backend = new GridRecordingBackend(
            new GridRecorder(client, Options.Create(clientOptions)),
            client,
            Options.Create(routing),
            NullLogger<GridRecordingBackend>.Instance,
            credential is null ? null : _ => credential);

        var range = Interlocked.Increment(ref nextRange);
        var first = 40000 + ((range % 39) * 200);
        var options = new SrsOptions
        {
            ListenAddress = "127.0.0.1",
            UdpPort = 0,
            TcpPort = 0,
            RtpPortFirst = first,
            RtpPortLast = first + 199,
            UserAgent = "grid-srs-e2e",
        };

        // SIPp paces its capture with the machine's timers; on a busy 2-core machine a packet is now and then later
        // than the default 80 ms window (which would rightly be stored as a late gap).
        options.Media.ReorderWindow = TimeSpan.FromSeconds(1);
        configure?.Invoke(options);
        var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var server = new SrsServer(options, backend, metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        return new SrsUnderTest(server, backend, metrics);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await metrics.DisposeAsync();
    }
}
