using Grid.Audit;
using Grid.Calls;
using Grid.Errors;
using Grid.Keys;
using Grid.Retention;
using Grid.Security;
using Grid.Tenants;
using Grid.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grid.Api;

/// <summary>The <c>/v1</c> routes. Every handler calls grains under the person's credential (see <see cref="GridApiMiddleware"/>).</summary>
public static class GridApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/v1/tenants/{tenantId}").WithTags("tenant");
        Describe(tenant.MapGet("/", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantGrain>(Tenant(tenantId)).GetInfoAsync(http.RequestAborted)),
            "Tenant status, retention policy and termination dates", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.GetInfoAsync)));
        Describe(tenant.MapPost("/suspend", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantGrain>(Tenant(tenantId)).SuspendAsync(http.RequestAborted)),
            "Suspend the tenant: no recording, no playback", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.SuspendAsync)));
        Describe(tenant.MapPost("/resume", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantGrain>(Tenant(tenantId)).ResumeAsync(http.RequestAborted)),
            "Resume a suspended tenant", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.ResumeAsync)));
        Describe(tenant.MapPost("/terminate", (string tenantId, TerminateRequest body, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantGrain>(Tenant(tenantId)).TerminateAsync(new TerminationRequest(body.EffectiveAt, body.ReturnWindowDays, body.DeleteWithinDays), http.RequestAborted)),
            "Terminate the contract: nothing new from the effective date, export during the return window, everything not held deleted and the keys destroyed within the deletion window (at most 15 days), then a signed certificate", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.TerminateAsync)));
        Describe(tenant.MapGet("/retention", async (string tenantId, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<ITenantGrain>(Tenant(tenantId)).GetInfoAsync(http.RequestAborted)).Retention ?? new RetentionPolicy()),
            "The retention policy", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.GetInfoAsync)));
        Describe(tenant.MapPut("/retention", async (string tenantId, RetentionPolicy policy, IGrainFactory grains, HttpContext http) =>
            (await grains.GetGrain<ITenantGrain>(Tenant(tenantId)).SetRetentionPolicyAsync(policy, http.RequestAborted)).Retention),
            "Replace the retention policy (audited)", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.SetRetentionPolicyAsync)));

        Describe(tenant.MapGet("/holds", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantGrain>(Tenant(tenantId)).GetHoldsAsync(http.RequestAborted)),
            "Legal holds, active and released", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.GetHoldsAsync)));
        Describe(tenant.MapPost("/holds", async (string tenantId, HoldRequest hold, IGrainFactory grains, HttpContext http) =>
            Results.Created($"/v1/tenants/{tenantId}/holds", await grains.GetGrain<ITenantGrain>(Tenant(tenantId)).PlaceHoldAsync(hold.CaseReference, hold.CallId, hold.LegalBasis, http.RequestAborted))),
            "Place a legal hold on one recording or on all (case reference, legal basis)", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.PlaceHoldAsync)));
        Describe(tenant.MapPost("/holds/{holdId}/release", (string tenantId, string holdId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantGrain>(Tenant(tenantId)).ReleaseHoldAsync(holdId, http.RequestAborted)),
            "Release a legal hold", GridOperation.Of<ITenantGrain>(nameof(ITenantGrain.ReleaseHoldAsync)));
        Describe(tenant.MapPost("/holds/{holdId}/export", (string tenantId, string holdId, IGrainFactory grains, HttpContext http) =>
            CaseExport(grains, tenantId, holdId).PrepareAsync(http.RequestAborted)),
            "Prepare the e-discovery export of a hold's recordings (hashed, manifest signed by the processor)", GridOperation.Of<ICaseExportGrain>(nameof(ICaseExportGrain.PrepareAsync)));
        Describe(tenant.MapGet("/holds/{holdId}/export", (string tenantId, string holdId, IGrainFactory grains, HttpContext http) =>
            RequestEndpoints.ZipAsync(http, holdId, CaseExport(grains, tenantId, holdId).ReadFileAsync)),
            "Download the prepared e-discovery export (zip: media, metadata, signed manifest)", GridOperation.Of<ICaseExportGrain>(nameof(ICaseExportGrain.ReadFileAsync)));

        Describe(tenant.MapGet("/keys", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantKeyGrain>(Tenant(tenantId)).GetInfoAsync(http.RequestAborted)),
            "The tenant key's status and versions (never key material)", GridOperation.Of<ITenantKeyGrain>(nameof(ITenantKeyGrain.GetInfoAsync)));
        Describe(tenant.MapPost("/keys/rotate", (string tenantId, RotateRequest? rotate, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IKeyRotationGrain>(Tenant(tenantId)).RotateAsync(rotate?.RewrapExisting ?? true, http.RequestAborted)),
            "Rotate the tenant key (and re-wrap existing recordings)", GridOperation.Of<IKeyRotationGrain>(nameof(IKeyRotationGrain.RotateAsync)));
        Describe(tenant.MapPost("/keys/revoke", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantKeyGrain>(Tenant(tenantId)).RevokeAsync(http.RequestAborted)),
            "Revoke the tenant key: nothing is decrypted or recorded until it is enabled", GridOperation.Of<ITenantKeyGrain>(nameof(ITenantKeyGrain.RevokeAsync)));
        Describe(tenant.MapPost("/keys/enable", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ITenantKeyGrain>(Tenant(tenantId)).EnableAsync(http.RequestAborted)),
            "Re-enable a revoked tenant key", GridOperation.Of<ITenantKeyGrain>(nameof(ITenantKeyGrain.EnableAsync)));

        Describe(tenant.MapPost("/certificates", (string tenantId, CertificateRequest request, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ICertificateGrain>(Tenant(tenantId)).IssueAsync(request.Scope, http.RequestAborted)),
            "Issue a signed deletion certificate (verify with the processor's public key)", GridOperation.Of<ICertificateGrain>(nameof(ICertificateGrain.IssueAsync)));
        Describe(tenant.MapGet("/certificates/verification-key", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<ICertificateGrain>(Tenant(tenantId)).GetVerificationKeyAsync(http.RequestAborted)),
            "The processor's public signing key (PEM) and key id: certificates and export manifests verify against it", GridOperation.Of<ICertificateGrain>(nameof(ICertificateGrain.GetVerificationKeyAsync)));
        Describe(tenant.MapGet("/audit", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IAuditLogGrain>(Tenant(tenantId)).ReadAsync(http.RequestAborted)),
            "Export the audit log with its hash-chain and checkpoint verification", GridOperation.Of<IAuditLogGrain>(nameof(IAuditLogGrain.ReadAsync)));
        Describe(tenant.MapGet("/audit/export", (string tenantId, DateTimeOffset? from, DateTimeOffset? to, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IAuditLogGrain>(Tenant(tenantId)).ExportAsync(from, to, http.RequestAborted)),
            "The raw audit log for a period (?from=&to=): the records' lines as stored and the signed checkpoints, for a verifier outside the Grid (docs/audit-log.md, docs/tools/verify_audit.py)", GridOperation.Of<IAuditLogGrain>(nameof(IAuditLogGrain.ExportAsync)));

        var webhooks = tenant.MapGroup("/webhooks").WithTags("webhooks");
        Describe(webhooks.MapPost("/", async (string tenantId, WebhookRequest request, IGrainFactory grains, HttpContext http) =>
            Results.Created($"/v1/tenants/{tenantId}/webhooks", await grains.GetGrain<IWebhookGrain>(Tenant(tenantId)).RegisterAsync(request.Url, request.Location, http.RequestAborted))),
            "Register an HTTPS endpoint for the tenant's events, with the receiver's country (transfer guard); the signing secret is shown only in this answer", GridOperation.Of<IWebhookGrain>(nameof(IWebhookGrain.RegisterAsync)));
        Describe(webhooks.MapGet("/", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IWebhookGrain>(Tenant(tenantId)).GetEndpointsAsync(http.RequestAborted)),
            "The tenant's webhook endpoints", GridOperation.Of<IWebhookGrain>(nameof(IWebhookGrain.GetEndpointsAsync)));
        Describe(webhooks.MapDelete("/{endpointId}", async (string tenantId, string endpointId, IGrainFactory grains, HttpContext http) =>
            Results.Ok(new { removed = await grains.GetGrain<IWebhookGrain>(Tenant(tenantId)).RemoveAsync(endpointId, http.RequestAborted) })),
            "Remove a webhook endpoint", GridOperation.Of<IWebhookGrain>(nameof(IWebhookGrain.RemoveAsync)));
        Describe(webhooks.MapPost("/{endpointId}/ping", (string tenantId, string endpointId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IWebhookGrain>(Tenant(tenantId)).PingAsync(endpointId, http.RequestAborted)),
            "Send one signed test event (webhook.ping) to an endpoint now and see how it answered (never retried)", GridOperation.Of<IWebhookGrain>(nameof(IWebhookGrain.PingAsync)));
        Describe(webhooks.MapGet("/dead-letters", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IWebhookGrain>(Tenant(tenantId)).GetDeadLettersAsync(http.RequestAborted)),
            "Events given up after every retry", GridOperation.Of<IWebhookGrain>(nameof(IWebhookGrain.GetDeadLettersAsync)));
        Describe(webhooks.MapPost("/dead-letters/replay", async (string tenantId, IGrainFactory grains, HttpContext http) =>
            Results.Ok(new { queued = await grains.GetGrain<IWebhookGrain>(Tenant(tenantId)).ReplayDeadLettersAsync(http.RequestAborted) })),
            "Deliver every dead letter again (same event ids)", GridOperation.Of<IWebhookGrain>(nameof(IWebhookGrain.ReplayDeadLettersAsync)));

        // Recorder credentials (`{tenant}/{name}`): what a recorder frontend or the SIPREC server records with.
        var recorders = tenant.MapGroup("/recorders").WithTags("recorders");
        Describe(recorders.MapPost("/{name}/secret", (string tenantId, string name, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IRecorderCredentialGrain>($"{Tenant(tenantId)}/{name}").IssueSecretAsync(http.RequestAborted)),
            "Issue (or replace) the secret of the recorder credential {tenant}/{name} for a recorder frontend or the SIPREC server; the secret is shown only in this answer (audited)", GridOperation.Of<IRecorderCredentialGrain>(nameof(IRecorderCredentialGrain.IssueSecretAsync)));
        Describe(recorders.MapDelete("/{name}", async (string tenantId, string name, IGrainFactory grains, HttpContext http) =>
            {
                await grains.GetGrain<IRecorderCredentialGrain>($"{Tenant(tenantId)}/{name}").RevokeAsync(http.RequestAborted);
                return Results.Ok(new { revoked = true });
            }),
            "Revoke a recorder credential: no new tokens are issued for it (audited)", GridOperation.Of<IRecorderCredentialGrain>(nameof(IRecorderCredentialGrain.RevokeAsync)));
        Describe(recorders.MapGet("/health", (string tenantId, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<Grid.Operations.IRecorderHealthGrain>(Tenant(tenantId)).GetAsync(http.RequestAborted)),
            "The tenant's recorder instances (SRS nodes) by their heartbeats: last seen, open sessions, silent", GridOperation.Of<Grid.Operations.IRecorderHealthGrain>(nameof(Grid.Operations.IRecorderHealthGrain.GetAsync)));

        RecordingEndpoints.Map(tenant);
        CompletenessEndpoints.Map(tenant);
        RequestEndpoints.Map(tenant);
        GovernanceEndpoints.Map(tenant);
        ProcessorEndpoints.Map(app);
    }

    private static ICaseExportGrain CaseExport(IGrainFactory grains, string tenantId, string holdId) =>
        grains.GetGrain<ICaseExportGrain>($"{Tenant(tenantId)}/{GridIds.RequireCallId(holdId)}");

    /// <summary>Validates a tenant id from the route (400 when malformed).</summary>
    public static string Tenant(string tenantId) => GridIds.RequireTenantId(tenantId);

    /// <summary>Names an endpoint for the OpenAPI document and the reference page, with the roles its grain calls accept.</summary>
    public static RouteHandlerBuilder Describe(RouteHandlerBuilder endpoint, string summary, GridOperation operation)
    {
        var roles = operation.Roles;
        return endpoint.WithSummary(summary)
            .WithDescription(roles.Count == 0 ? "No role may call this." : "Roles: " + string.Join(", ", roles) + ". Every grain call is decided again on the caller's Grid credential.")
            .WithMetadata(operation)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>Throws the typed error when a recording was never started.</summary>
    public static CallSummary RequireExisting(CallSummary summary) => summary.Status switch
    {
        CallStatus.None => throw new RecordingNotFoundException("No recording with this id exists in the tenant."),
        CallStatus.Deleted => throw new RecordingDeletedException(summary.DeletedAt ?? default, "deleted"),
        _ => summary,
    };
}
