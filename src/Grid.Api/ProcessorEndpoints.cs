using System.Security.Cryptography;
using Grid.Governance;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grid.Api;

/// <summary>
/// The processor's governance routes (<c>/v1/processor</c>, operators): the sub-processor registry and its changes,
/// the tenant directory, security incidents. And the one anonymous route: an auditor's credential exchange.
/// </summary>
internal static class ProcessorEndpoints
{
    /// <summary>The auditor credential exchange (no bearer token: the client id and secret are the credential).</summary>
    public const string AuditorTokenPath = "/v1/auditor-token";

    public static void Map(IEndpointRouteBuilder app)
    {
        var processor = app.MapGroup("/v1/processor").WithTags("processor");
        GridApiEndpoints.Describe(processor.MapGet("/subprocessors", (DateTimeOffset? asOf, IGrainFactory grains, HttpContext http) =>
            Registry(grains).GetAsOfAsync(asOf, http.RequestAborted)),
            "The sub-processor list in force now or ?asOf= a date", GridOperation.Of<ISubProcessorRegistryGrain>(nameof(ISubProcessorRegistryGrain.GetAsOfAsync)));
        GridApiEndpoints.Describe(processor.MapGet("/subprocessors/changes", (IGrainFactory grains, HttpContext http) =>
            Registry(grains).GetChangesAsync(http.RequestAborted)),
            "Every announced sub-processor change", GridOperation.Of<ISubProcessorRegistryGrain>(nameof(ISubProcessorRegistryGrain.GetChangesAsync)));
        GridApiEndpoints.Describe(processor.MapPost("/subprocessors/changes", async (SubProcessorChangeSpec spec, IGrainFactory grains, HttpContext http) =>
            Results.Created("/v1/processor/subprocessors/changes", await Registry(grains).AnnounceAsync(spec, http.RequestAborted))),
            "Announce a change (effective no earlier than 10 days from now); every tenant is notified", GridOperation.Of<ISubProcessorRegistryGrain>(nameof(ISubProcessorRegistryGrain.AnnounceAsync)));
        GridApiEndpoints.Describe(processor.MapGet("/tenants", (IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantDirectoryGrain>(ProcessorScope.Key).ListAsync(http.RequestAborted)),
            "Provisioned tenant ids", GridOperation.Of<ITenantDirectoryGrain>(nameof(ITenantDirectoryGrain.ListAsync)));
        GridApiEndpoints.Describe(processor.MapPost("/incidents", async (IncidentDeclaration declaration, IGrainFactory grains, HttpContext http) =>
        {
            var incidentId = "inc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            return Results.Created($"/v1/processor/incidents/{incidentId}", await Incident(grains, incidentId).DeclareAsync(declaration, http.RequestAborted));
        }), "Declare a security incident: every affected tenant is notified now", GridOperation.Of<IIncidentGrain>(nameof(IIncidentGrain.DeclareAsync)));
        GridApiEndpoints.Describe(processor.MapPost("/incidents/{incidentId}/updates", (string incidentId, RequestEndpoints.ReasonRequest body, IGrainFactory grains, HttpContext http) =>
            Incident(grains, incidentId).UpdateAsync(body.Text, http.RequestAborted)),
            "Add an update to an incident's timeline (sent to every affected tenant)", GridOperation.Of<IIncidentGrain>(nameof(IIncidentGrain.UpdateAsync)));
        GridApiEndpoints.Describe(processor.MapGet("/incidents/{incidentId}", (string incidentId, IGrainFactory grains, HttpContext http) =>
            Incident(grains, incidentId).GetAsync(http.RequestAborted)),
            "An incident with each tenant's notification delay against the target and acknowledgement", GridOperation.Of<IIncidentGrain>(nameof(IIncidentGrain.GetAsync)));

        app.MapPost(AuditorTokenPath, (AuditorTokenRequest body, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IAuditorCredentialGrain>(AuditorClient(body.ClientId)).ExchangeAsync(body.Secret, http.RequestAborted))
            .WithTags("audit rights")
            .WithSummary("Exchange an auditor's client id and secret for a short-lived read-only token (no bearer token needed)");
    }

    private static ISubProcessorRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<ISubProcessorRegistryGrain>(ProcessorScope.Key);

    private static IIncidentGrain Incident(IGrainFactory grains, string incidentId) => grains.GetGrain<IIncidentGrain>(ProcessorScope.Incident(incidentId));

    private static string AuditorClient(string? clientId)
    {
        var slash = clientId?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && GridIds.IsValidTenantId(clientId![..slash]) && GridIds.IsValidCallId(clientId[(slash + 1)..])
            ? clientId
            : throw new Grid.Errors.NotAuthorizedException(Grid.Errors.NotAuthorizedReason.Credential, "Not authorized (credential): the auditor client id or secret is wrong.");
    }
}
