using Grid.Audit;
using Grid.Keys;
using Grid.Retention;

namespace Grid.Web.Pages;

/// <summary>Retention, the tenant key (rotate and revoke, each confirmed), deletion certificates and the audit log with its verification.</summary>
public sealed class GovernanceModel(ConsoleApi api) : ConsolePage(api)
{
    public RetentionPolicy? Retention { get; private set; }

    /// <summary>Retention and key actions are the tenant admin's (the API refuses them to anyone else anyway).</summary>
    public bool IsAdmin => Person.Has(Grid.Security.GridRoles.TenantAdmin);

    public TenantKeyInfo? Key { get; private set; }

    public AuditLogReadResult? Audit { get; private set; }

    public IReadOnlyList<AuditRecord> LatestAudit => Audit is null ? [] : [.. Audit.Records.TakeLast(50).Reverse()];

    public DeletionCertificate? Certificate { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task OnPostRetentionAsync(int days)
    {
        var current = await Api.GetAsync<RetentionPolicy>(Person, "retention", HttpContext.RequestAborted);
        if (Accept(current))
        {
            var changed = await Api.PutAsync<RetentionPolicy>(Person, "retention", current.Value! with { DefaultDays = days }, HttpContext.RequestAborted);
            Message = Accept(changed) ? $"Retention set to {days} days." : null;
        }

        await LoadAsync();
    }

    public Task OnPostRotateAsync(string? confirm) => KeyActionAsync("keys/rotate", confirm, new { rewrapExisting = true }, "Key rotated.");

    public Task OnPostEnableAsync(string? confirm) => KeyActionAsync("keys/enable", confirm, null, "Key enabled: recording and playback resume.");

    public Task OnPostRevokeAsync(string? confirm) => KeyActionAsync("keys/revoke", confirm, null, "Key revoked: recording and playback are stopped until it is enabled again.");

    public async Task OnPostCertificateAsync(string? scope)
    {
        var issued = await Api.PostAsync<DeletionCertificate>(Person, "certificates", new { scope }, HttpContext.RequestAborted);
        if (Accept(issued))
        {
            Certificate = issued.Value;
            Message = "Certificate issued.";
        }

        await LoadAsync();
    }

    public async Task OnPostVerifyCertificateAsync(string? body, string? signature, string? keyId)
    {
        Certificate = new DeletionCertificate { Body = body ?? "", Signature = signature ?? "", KeyId = keyId ?? "" };
        await VerifyCertificateAsync(Certificate);
        await LoadAsync();
    }

    private async Task KeyActionAsync(string path, string? confirm, object? body, string done)
    {
        if (confirm != "yes")
        {
            Problem = "Confirm the key action first: tick the box next to its button.";
        }
        else if (Accept(await Api.PostAsync<System.Text.Json.Nodes.JsonNode>(Person, path, body, HttpContext.RequestAborted)))
        {
            Message = done;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (ForOperator)
        {
            return;
        }

        var retention = await Api.GetAsync<RetentionPolicy>(Person, "retention", HttpContext.RequestAborted);
        Retention = retention.Value;
        var key = await Api.GetAsync<TenantKeyInfo>(Person, "keys", HttpContext.RequestAborted);
        Key = key.Value;

        // The audit log only for the roles that may read it: a refusal here is expected, not a problem to show.
        if (Person.Has(Grid.Security.GridRoles.Auditor) || Person.Has(Grid.Security.GridRoles.TenantAdmin))
        {
            var audit = await Api.GetAsync<AuditLogReadResult>(Person, "audit", HttpContext.RequestAborted);
            Audit = Accept(audit) ? audit.Value : null;
        }
    }
}
