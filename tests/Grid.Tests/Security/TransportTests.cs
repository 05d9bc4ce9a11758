using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grid.Calls;
using Grid.Client;
using Grid.Errors;
using Grid.Security;
using Grid.Security.Tls;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Orleans.Connections.Security;

namespace Grid.Tests.Security;

/// <summary>Mutual TLS on the Orleans links, tried from outside: no certificate, another CA's, a client's on the silo port, the wire.</summary>
[Collection(GridCollection.Name)]
public sealed class TransportTests(GridFixture fixture)
{
    private string TlsFolder => fixture.Security.Tls.DevelopmentFolder;

    [Fact]
    public async Task A_client_without_tls_or_without_a_certificate_cannot_connect()
    {
        var plain = await Assert.ThrowsAnyAsync<Exception>(() => RawClient.ConnectAsync(fixture, tls: null));
        var noCertificate = await Assert.ThrowsAnyAsync<Exception>(() => RawClient.ConnectAsync(fixture, new TlsOptions
        {
            RemoteCertificateMode = RemoteCertificateMode.NoCertificate,
            OnAuthenticateAsClient = (_, o) => o.TargetHost = GridCertificates.SiloHostName,
        }));

        Assert.IsNotType<NotAuthorizedException>(plain);
        Assert.IsNotType<NotAuthorizedException>(noCertificate);
    }

    [Fact]
    public async Task The_sdk_refuses_fast_with_a_typed_error_when_its_certificate_is_from_another_ca()
    {
        var folder = ForeignClientCertificate();
        var builder = Host.CreateApplicationBuilder();
        builder.AddGridClient(o =>
        {
            o.ClusterId = fixture.Cluster.Options.ClusterId;
            o.ServiceId = fixture.Cluster.Options.ServiceId;
            o.StorageConnectionString = fixture.ConnectionString;
            o.Tls.CaCertificatePath = Path.Combine(folder, "ca.pem");
            o.Tls.CertificatePath = Path.Combine(folder, "client.pem");
            o.Tls.PrivateKeyPath = Path.Combine(folder, "client.key.pem");
        });
        using var host = builder.Build();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(Chain(error).OfType<GridConnectionRefusedException>().Any(), error.ToString());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_grid_client_certificate_is_refused_on_the_silo_to_silo_port_where_a_silo_certificate_is_accepted()
    {
        var siloPort = fixture.Cluster.Silos[0].SiloAddress.Endpoint.Port;
        using var client = GridCertificates.LoadWithKey(Path.Combine(TlsFolder, DevelopmentCertificates.ClientFile), Path.Combine(TlsFolder, DevelopmentCertificates.KeyFileOf(DevelopmentCertificates.ClientFile)));
        using var silo = GridCertificates.LoadWithKey(Path.Combine(TlsFolder, DevelopmentCertificates.SiloFile), Path.Combine(TlsFolder, DevelopmentCertificates.KeyFileOf(DevelopmentCertificates.SiloFile)));

        Assert.False(await StaysOpenAsync(siloPort, client));
        Assert.True(await StaysOpenAsync(siloPort, silo));
    }

    [Fact]
    public async Task A_recording_session_on_the_wire_shows_no_media_or_participant_marker()
    {
        var tap = new WireTap();
        await using var raw = await RawClient.ConnectAsync(fixture, GridTlsPolicy.Load(fixture.Security.Tls, silo: false).ClientToGateway(), tap: tap);
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var marker = "WIRE-MARKER-" + Guid.NewGuid().ToString("N");
        var chunk = Enumerable.Repeat(Encoding.UTF8.GetBytes(marker), 50).SelectMany(b => b).ToArray();
        var token = fixture.Token(tenantId, GridRoles.Recorder, GridRoles.Analyst);
        var call = raw.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));

        await RawClient.WithContextAsync(token, null, async () =>
        {
            await call.StartAsync(TestTenants.Metadata(identifier: marker + "-phone", name: marker + "-name"));
            for (var seq = 0; seq < 4; seq++)
            {
                await call.AppendAsync(seq, chunk);
            }

            await call.EndAsync();
            var metadata = await call.GetMetadataAsync();
            Assert.Equal(marker + "-phone", metadata.Participants[0].Identifier);
            var played = new List<byte>();
            await foreach (var part in call.ReadMediaAsync())
            {
                played.AddRange(part);
            }

            Assert.Equal(Enumerable.Repeat(chunk, 4).SelectMany(c => c), played);
            return true;
        });

        var wire = tap.Captured();
        Assert.True(wire.Length > chunk.Length * 8, $"captured only {wire.Length} bytes");
        foreach (var needle in new[] { marker, marker + "-phone", marker + "-name" }.SelectMany(m => new[] { Encoding.UTF8.GetBytes(m), Encoding.Unicode.GetBytes(m) }))
        {
            Assert.Equal(-1, wire.AsSpan().IndexOf(needle));
        }
    }

    /// <summary>Handshakes on <paramref name="port"/> with <paramref name="certificate"/>: true when the silo keeps the link open for 2 s.</summary>
    private async Task<bool> StaysOpenAsync(int port, X509Certificate2 certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = GridCertificates.SiloHostName,
                ClientCertificates = [certificate],
            });
            // A refused peer is closed at once (0 bytes or a reset); an accepted one stays open or starts talking.
            var buffer = new byte[1];
            var read = tls.ReadAsync(buffer).AsTask();
            var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2)));
            return finished != read || await read > 0;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            return false;
        }
    }

    private static string ForeignClientCertificate()
    {
        var folder = Path.Combine(Path.GetTempPath(), "grid-foreign-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        using var authority = DevelopmentCertificates.CreateAuthority("Some other CA");
        using var client = DevelopmentCertificates.Issue(authority, "grid-client", silo: false);
        DevelopmentCertificates.Save(authority, folder, "ca.pem", withKey: false);
        DevelopmentCertificates.Save(client, folder, "client.pem", withKey: true);
        return folder;
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
