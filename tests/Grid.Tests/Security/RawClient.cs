using System.Net;
using Azure.Data.Tables;
using Grid.Security.Calls;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Grid.Tests.Security;

/// <summary>
/// A bare Orleans client, as an attacker would write one: no Grid SDK, no automatic credentials; whatever it sends
/// in the request context is its own choice. TLS settings are the caller's (none, a foreign certificate, ...).
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly IHost host;

    private RawClient(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => host.Services;

    /// <summary>Connects with <paramref name="tls"/> (null: plain TCP), through the membership table or to one gateway port.</summary>
    public static async Task<RawClient> ConnectAsync(GridFixture fixture, TlsOptions? tls, int? gatewayPort = null, WireTap? tap = null, Action<IServiceProvider>? beforeStart = null, TimeSpan? responseTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(Environment.GetEnvironmentVariable("GRID_RAW_CLIENT_LOGS") == "1" ? LogLevel.Debug : LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = fixture.Cluster.Options.ClusterId;
                o.ServiceId = fixture.Cluster.Options.ServiceId;
            });
            if (gatewayPort is { } port)
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port));
            }
            else
            {
                client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(fixture.ConnectionString));
            }

            client.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(b =>
            {
                if (tap is not null)
                {
                    b.Use(tap.Middleware);
                }

                if (tls is not null)
                {
                    b.UseClientTls(tls);
                }
            }));

            if (responseTimeout is { } timeout)
            {
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = timeout);
            }

            var attempts = 0;
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(++attempts < 2));
        });
        var host = builder.Build();
        beforeStart?.Invoke(host.Services);
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new RawClient(host);
    }

    /// <summary>Runs <paramref name="call"/> with exactly this request context (token and proof, either may be null).</summary>
    public static async Task<T> WithContextAsync<T>(string? token, string? proof, Func<Task<T>> call)
    {
        RequestContext.Clear();
        if (token is not null)
        {
            RequestContext.Set(GridCallContextKeys.Token, token);
        }

        if (proof is not null)
        {
            RequestContext.Set(GridCallContextKeys.SiloProof, proof);
        }

        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Best effort.
        }

        host.Dispose();
    }
}
