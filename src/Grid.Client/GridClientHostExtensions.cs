using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Grid.Client;

/// <summary>Connects a host to the Grid as an Orleans client.</summary>
public static class GridClientHostExtensions
{
    /// <summary>
    /// Adds the Orleans client (gateways found through the Grid's Azure Table membership) and registers
    /// <see cref="GridRecorder"/> and <see cref="GridPlayback"/>. Settings come from the <c>Grid</c> configuration
    /// section, then <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="configure">Optional changes to the settings.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddGridClient(this IHostApplicationBuilder builder, Action<GridClientOptions>? configure = null)
    {
        var options = new GridClientOptions();
        builder.Configuration.GetSection("Grid").Bind(options);
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
        client.AddGridClientServices(options);
        return client;
    }

    /// <summary>Registers <see cref="GridRecorder"/> and <see cref="GridPlayback"/> only (for a client configured elsewhere).</summary>
    /// <param name="client">The Orleans client builder.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The builder.</returns>
    public static IClientBuilder AddGridClientServices(this IClientBuilder client, GridClientOptions options)
    {
        client.Services.AddSingleton(Options.Create(options));
        client.Services.AddSingleton<GridRecorder>();
        client.Services.AddSingleton<GridPlayback>();
        return client;
    }
}
