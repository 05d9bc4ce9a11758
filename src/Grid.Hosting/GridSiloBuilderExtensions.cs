using Microsoft.Extensions.Configuration;

namespace Grid.Hosting;

/// <summary>Configures an Orleans silo as a Recording Grid silo.</summary>
public static class GridSiloBuilderExtensions
{
    /// <summary>Reads <see cref="GridSiloOptions"/> from the <c>Grid</c> configuration section.</summary>
    public static GridSiloOptions ReadGridOptions(this IConfiguration configuration)
    {
        var options = new GridSiloOptions();
        configuration.GetSection(GridSiloOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>
    /// A Recording Grid silo: the cluster (<see cref="GridClusterExtensions"/>), the tenant event streams
    /// (<see cref="GridEventStreamExtensions"/>), the trust boundary (<see cref="GridSecurityExtensions"/>), the stores
    /// (<see cref="GridStoreExtensions"/>), key custody (<see cref="GridKeyCustodyExtensions"/>) and the workflows'
    /// settings (<see cref="GridWorkflowExtensions"/>), each next to what it configures.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="configureCluster">
    /// False when a host (such as the test cluster) sets cluster ids and endpoints itself.
    /// </param>
    /// <param name="trustBoundary">
    /// False only for the load test's same-run baseline of the trust boundary's cost: no TLS, no authorization
    /// filter (the token service still exists). Not reachable from configuration; never for a real deployment.
    /// </param>
    public static ISiloBuilder AddGridSilo(this ISiloBuilder silo, bool configureCluster = true, bool trustBoundary = true)
    {
        // What to register is decided from the settings as configured; every settings class the services use is
        // bound from its own section and validated when the host starts.
        var options = silo.Configuration.ReadGridOptions();
        var accounts = GridStorageAccounts.Create(options);
        silo.AddGridCluster(options, accounts, configureCluster);
        silo.AddGridEventStreams(options, accounts.Cluster);
        if (trustBoundary)
        {
            silo.AddGridSecurity(options.Security);
        }
        else
        {
            silo.AddGridTokenService();
        }

        silo.Services
            .AddGridStores(accounts)
            .AddGridKeyCustody(options.Keys, options.Residency)
            .AddGridWorkflows();
        return silo;
    }
}
