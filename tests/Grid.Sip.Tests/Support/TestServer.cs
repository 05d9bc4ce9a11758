using System.Net;
using Grid.Sip.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grid.Sip.Tests.Support;

/// <summary>An SRS on loopback with ephemeral SIP ports, its own RTP range, a fake backend and recorded metrics.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private static int _nextRange;

    private readonly TimeProvider? _time;

    private TestServer(SrsServer server, FakeRecordingBackend backend, TestMeterFactory meters, SrsOptions options, TimeProvider? time)
    {
        _time = time;
        Server = server;
        Backend = backend;
        Meters = meters;
        Options = options;
    }

    public SrsServer Server { get; }

    public FakeRecordingBackend Backend { get; }

    public TestMeterFactory Meters { get; }

    public SrsOptions Options { get; }

    public IPEndPoint Udp => Server.UdpEndPoint!;

    public IPEndPoint Tcp => Server.TcpEndPoint!;

    /// <summary>Options for a loopback server: UDP and TCP on free ports, an RTP range of its own (200 ports).</summary>
    public static SrsOptions LoopbackOptions()
    {
        var range = Interlocked.Increment(ref _nextRange);
        var first = 30000 + (range * 200);
        return new SrsOptions
        {
            ListenAddress = "127.0.0.1",
            UdpPort = 0,
            TcpPort = 0,
            TlsPort = 0,
            RtpPortFirst = first,
            RtpPortLast = first + 199,
            UserAgent = "grid-srs-test",
        };
    }

    public static async Task<TestServer> StartAsync(Action<SrsOptions>? configure = null, TimeProvider? time = null, FakeRecordingBackend? backend = null)
    {
        var options = LoopbackOptions();
        configure?.Invoke(options);
        backend ??= new FakeRecordingBackend();
        var meters = new TestMeterFactory();
        var server = new SrsServer(options, backend, meters, NullLoggerFactory.Instance, time);
        await server.StartAsync(CancellationToken.None);
        return new TestServer(server, backend, meters, options, time);
    }

    public async ValueTask DisposeAsync()
    {
        if (_time is Microsoft.Extensions.Time.Testing.FakeTimeProvider fake)
        {
            // A graceful stop waits (on the server's clock) for the BYEs of live sessions: move that clock until it is done.
            var stopping = Server.StopAsync(CancellationToken.None);
            for (var i = 0; i < 600 && !stopping.IsCompleted; i++)
            {
                fake.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(stopping, Task.Delay(10));
            }

            await stopping;
        }

        await Server.DisposeAsync();
        Meters.Dispose();
    }
}
