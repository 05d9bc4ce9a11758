using Grid.Crypto.Signing;
using Grid.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Grid.Hosting;

/// <summary>
/// The settings of the Grid's workflows (limits, retention, termination, signing, self-test, audit, catalog,
/// data-subject requests, webhooks, governance, residency) — validated here, so a wrong one stops the silo naming
/// the setting — and the services they share: the Grid's clock, the processor's signing key, the self-test scheduler.
/// </summary>
public static class GridWorkflowExtensions
{
    /// <summary>Registers the workflows' settings and shared services.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="options">The Grid's settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddGridWorkflows(this IServiceCollection services, GridSiloOptions options)
    {
        options.Governance.Validate();
        options.Residency.Validate();
        services.AddSingleton(Options.Create(options.Limits));
        services.AddSingleton(Options.Create(options.Retention));
        services.AddSingleton(Options.Create(options.Termination));
        services.AddSingleton(Options.Create(options.Signing));
        services.AddSingleton(Options.Create(options.Canary));
        services.AddSingleton(Options.Create(options.Audit));
        services.AddSingleton(Options.Create(options.Catalog));
        services.AddSingleton(Options.Create(options.Requests));
        services.AddSingleton(Options.Create(options.Webhooks));
        services.AddSingleton(Options.Create(options.Governance));
        services.AddSingleton(Options.Create(options.Residency));
        services.TryAddSingleton(GridTime.Real);
        services.AddSingleton<ProcessorSigningKey>();
        services.AddHostedService<CanaryScheduler>();
        services.AddSingleton<Grid.Grains.Calls.BlindIndex>();
        services.AddSingleton<Grid.Grains.Calls.CallCatalog>();
        return services;
    }
}
