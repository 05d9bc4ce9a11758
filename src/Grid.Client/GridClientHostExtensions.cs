using Azure.Data.Tables;
using Azure.Identity;
using Grid.Client.Credentials;
using Grid.Security.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Grid.Client;

/// <summary>Connects a host to the Grid as an Orleans client.</summary>
public static class GridClientHostExtensions
{
    /// <summary>
    /// Adds the Orleans client (gateways found through the Grid's Azure Table membership, mutual TLS, the configured
    /// credential on every call) and registers <see cref="GridRecorder"/> and <see cref="GridPlayback"/>. Settings
    /// come from the <c>Grid</c> configuration section, then <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Optional changes to the settings.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddGridClient(this IHostApplicationBuilder builder, Action<GridClientOptions>? configure = null)
    {
        var options = new GridClientOptions();
        builder.Configuration.GetSection("Grid").Bind(options);
        builder.Configuration.GetSection("Grid:Security:Tls").Bind(options.Tls);
        configure?.Invoke(options);
        builder.UseOrleansClient(client => client.AddGridClient(options));
        return builder;
    }

    /// <summary>Configures an Orleans client builder for the Grid and registers the SDK's services.</summary>
    /// <param name="client">The Orleans client builder.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The builder.</returns>
    public static IClientBuilder AddGridClient(this IClientBuilder client, GridClientOptions options)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.Recorder.ResponseTimeout);
        client.UseAzureStorageClustering(o => o.TableServiceClient = options.TableServiceUri is { } uri
            ? new TableServiceClient(uri, new DefaultAzureCredential())
            : new TableServiceClient(options.StorageConnectionString ?? throw new InvalidOperationException("Grid: set StorageConnectionString or TableServiceUri.")));
        client.AddGridTransport(options);
        client.AddGridClientServices(options);
        return client;
    }

    /// <summary>Mutual TLS to the gateways and a fast, typed failure when the connection is refused.</summary>
    /// <param name="client">The Orleans client builder.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The builder.</returns>
    public static IClientBuilder AddGridTransport(this IClientBuilder client, GridClientOptions options)
    {
        if (options.Tls.Enabled)
        {
            var tls = GridTlsPolicy.Load(options.Tls, silo: false);
            client.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(b => b.UseClientTls(tls.ClientToGateway())));
        }

        var attempts = 0;
        client.UseConnectionRetryFilter(async (error, cancellationToken) =>
        {
            if (++attempts >= Math.Max(1, options.ConnectAttempts))
            {
                throw new GridConnectionRefusedException(
                    $"Could not connect to the Grid after {attempts} attempts: a gateway refused or dropped the connection. Check that the client certificate is issued by the Grid's CA and not expired, and that the Grid is running.",
                    error);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        return client;
    }

    /// <summary>Registers <see cref="GridRecorder"/>, <see cref="GridPlayback"/>, <see cref="GridRedactions"/>, <see cref="GridCompleteness"/> and the credential (for a client configured elsewhere).</summary>
    /// <param name="client">The Orleans client builder.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The builder.</returns>
    public static IClientBuilder AddGridClientServices(this IClientBuilder client, GridClientOptions options)
    {
        client.Services.AddOptions<GridClientOptions>().Configure(options.CopyTo).ValidateDataAnnotations().ValidateOnStart();
        client.Services.AddSingleton<GridRecorder>();
        client.Services.AddSingleton<GridPlayback>();
        client.Services.AddSingleton<GridRedactions>();
        client.Services.AddSingleton<GridCompleteness>();
        client.AddOutgoingGrainCallFilter<GridCredentialFilter>();
        var credential = options.Credential;
        if (!string.IsNullOrEmpty(credential.ClientId))
        {
            client.Services.AddSingleton<IGridCredentialSource>(sp => new RecorderCredentialSource(
                sp.GetRequiredService<IGrainFactory>(),
                credential.ClientId,
                credential.Secret ?? string.Empty));
        }
        else if (!string.IsNullOrEmpty(credential.Token))
        {
            client.Services.AddSingleton<IGridCredentialSource>(new StaticTokenSource(credential.Token));
        }

        return client;
    }
}
