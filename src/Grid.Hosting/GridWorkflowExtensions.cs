using Grid.Crypto.Signing;
using Grid.Grains;
using Grid.Grains.Audit;
using Grid.Grains.Calls;
using Grid.Grains.Governance;
using Grid.Grains.Operations;
using Grid.Grains.Requests;
using Grid.Grains.Residency;
using Grid.Grains.Tenants;
using Grid.Grains.Webhooks;
using Polly;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grid.Hosting;

/// <summary>
/// The settings of the Grid's workflows (limits, retention, termination, signing, self-test, audit, catalog,
/// data-subject requests, webhooks, governance, residency), each bound from its configuration section and validated
/// when the host starts, so a wrong one stops the silo naming the setting; and the services they share: the Grid's
/// clock, the processor's signing key, the self-test scheduler.
/// </summary>
public static class GridWorkflowExtensions
{
    /// <summary>Registers the workflows' settings and shared services.</summary>
    /// <param name="services">The silo's services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddGridWorkflows(this IServiceCollection services)
    {
        services.AddOptions<CallLimits>().BindConfiguration(CallLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TerminationOptions>().BindConfiguration(TerminationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProcessorSigningKeyOptions>().BindConfiguration(ProcessorSigningKeyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CanaryOptions>().BindConfiguration(CanaryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DataSubjectRequestOptions>().BindConfiguration(DataSubjectRequestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GovernanceOptions>().BindConfiguration(GovernanceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ResidencyOptions>().BindConfiguration(ResidencyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookGrain.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(WebhookGrain.HttpClientName, (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.Timeout));
        services.TryAddSingleton(GridTime.Real);
        services.AddSingleton<ProcessorSigningKey>();
        services.AddHostedService<CanaryScheduler>();
        services.AddSingleton<BlindIndex>();
        services.AddSingleton<CallCatalog>();
        return services;
    }
}
