using Grid.Governance;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grid.Api;

/// <summary>A tenant's governance: sub-processors and objections, incidents, audit requests, record of processing.</summary>
internal static class GovernanceEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        var subs = tenant.MapGroup("/subprocessors").WithTags("sub-processors");
        GridApiEndpoints.Describe(subs.MapGet("/", (string tenantId, DateTimeOffset? asOf, IGrainFactory grains, HttpContext http) =>
            SubProcessors(grains, tenantId).GetAsync(asOf, http.RequestAborted)),
            "The sub-processors that apply to the tenant now or ?asOf= a date, and those it is routed around", GridOperation.Of<ITenantSubProcessorsGrain>(nameof(ITenantSubProcessorsGrain.GetAsync)));
        GridApiEndpoints.Describe(subs.MapGet("/notices", (string tenantId, IGrainFactory grains, HttpContext http) =>
            SubProcessors(grains, tenantId).GetNoticesAsync(http.RequestAborted)),
            "Notices of sub-processor changes with their effective dates, objection deadlines and the tenant's objections", GridOperation.Of<ITenantSubProcessorsGrain>(nameof(ITenantSubProcessorsGrain.GetNoticesAsync)));
        GridApiEndpoints.Describe(subs.MapPost("/notices/{changeId}/objection", (string tenantId, string changeId, RequestEndpoints.ReasonRequest body, IGrainFactory grains, HttpContext http) =>
            SubProcessors(grains, tenantId).ObjectAsync(changeId, body.Text, http.RequestAborted)),
            "Object to a change (until 30 days after the notice), with the reason", GridOperation.Of<ITenantSubProcessorsGrain>(nameof(ITenantSubProcessorsGrain.ObjectAsync)));
        GridApiEndpoints.Describe(subs.MapPost("/notices/{changeId}/choice", (string tenantId, string changeId, ChoiceRequest body, IGrainFactory grains, HttpContext http) =>
            SubProcessors(grains, tenantId).ChooseAsync(changeId, body.Choice, http.RequestAborted)),
            "After an objection the Grid cannot route around: suspend, terminate or withdraw", GridOperation.Of<ITenantSubProcessorsGrain>(nameof(ITenantSubProcessorsGrain.ChooseAsync)));

        var incidents = tenant.MapGroup("/incidents").WithTags("incidents");
        GridApiEndpoints.Describe(incidents.MapGet("/", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantIncidentsGrain>(GridApiEndpoints.Tenant(tenantId)).GetAsync(http.RequestAborted)),
            "Security incidents that affected the tenant, with their timelines and the tenant's notification", GridOperation.Of<ITenantIncidentsGrain>(nameof(ITenantIncidentsGrain.GetAsync)));
        GridApiEndpoints.Describe(incidents.MapPost("/{incidentId}/acknowledge", (string tenantId, string incidentId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantIncidentsGrain>(GridApiEndpoints.Tenant(tenantId)).AcknowledgeAsync(incidentId, http.RequestAborted)),
            "Acknowledge an incident notice (stops its escalation)", GridOperation.Of<ITenantIncidentsGrain>(nameof(ITenantIncidentsGrain.AcknowledgeAsync)));

        var audits = tenant.MapGroup("/audit-requests").WithTags("audit rights");
        GridApiEndpoints.Describe(audits.MapPost("/", async (string tenantId, AuditRequestSpec spec, IGrainFactory grains, HttpContext http) =>
            Results.Created($"/v1/tenants/{tenantId}/audit-requests", await grains.GetGrain<IAuditRightsGrain>(GridApiEndpoints.Tenant(tenantId)).RequestAsync(spec, http.RequestAborted))),
            "Request an audit (one ordinary audit in any 12 months; exceptions name their reference); returns the auditor's credential once", GridOperation.Of<IAuditRightsGrain>(nameof(IAuditRightsGrain.RequestAsync)));
        GridApiEndpoints.Describe(audits.MapGet("/", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IAuditRightsGrain>(GridApiEndpoints.Tenant(tenantId)).GetAsync(http.RequestAborted)),
            "Accepted audit requests and their credentials' expiry", GridOperation.Of<IAuditRightsGrain>(nameof(IAuditRightsGrain.GetAsync)));

        var transfers = tenant.MapGroup("/transfers").WithTags("residency");
        GridApiEndpoints.Describe(transfers.MapGet("/", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<Grid.Residency.ITenantTransfersGrain>(GridApiEndpoints.Tenant(tenantId)).GetAsync(http.RequestAborted)),
            "The tenant's region and jurisdiction, its transfer safeguards and the transfer guard's recent decisions", GridOperation.Of<Grid.Residency.ITenantTransfersGrain>(nameof(Grid.Residency.ITenantTransfersGrain.GetAsync)));
        GridApiEndpoints.Describe(transfers.MapPost("/safeguards", (string tenantId, SafeguardRequest body, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<Grid.Residency.ITenantTransfersGrain>(GridApiEndpoints.Tenant(tenantId)).RecordSafeguardAsync(body.Destination, body.Kind, body.Reference, http.RequestAborted)),
            "Record the safeguard (adequacy decision, SCCs 2021/914, BCRs) that allows transfers to a destination country", GridOperation.Of<Grid.Residency.ITenantTransfersGrain>(nameof(Grid.Residency.ITenantTransfersGrain.RecordSafeguardAsync)));

        GridApiEndpoints.Describe(tenant.MapGet("/record-of-processing", async (string tenantId, string? format, IGrainFactory grains, HttpContext http) =>
        {
            var record = await grains.GetGrain<IRecordOfProcessingGrain>(GridApiEndpoints.Tenant(tenantId)).GetAsync(http.RequestAborted);
            return format switch
            {
                null or "json" => Results.Ok(record),
                "markdown" => Results.Text(RecordOfProcessingDocument.ToMarkdown(record), "text/markdown; charset=utf-8"),
                _ => throw new Grid.Errors.GridValidationException("format is json (default) or markdown."),
            };
        }).WithTags("record of processing"),
            "The record of processing and DPIA input, generated from live configuration (?format=markdown for a document)", GridOperation.Of<IRecordOfProcessingGrain>(nameof(IRecordOfProcessingGrain.GetAsync)));
    }

    private static ITenantSubProcessorsGrain SubProcessors(IGrainFactory grains, string tenantId) =>
        grains.GetGrain<ITenantSubProcessorsGrain>(GridApiEndpoints.Tenant(tenantId));
}
