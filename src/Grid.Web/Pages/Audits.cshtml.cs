using Grid.Governance;
using Grid.Residency;

namespace Grid.Web.Pages;

/// <summary>
/// Audit rights and transfers: request an audit (the auditor's credential is shown once), the accepted requests;
/// the tenant's region and jurisdiction, its transfer safeguards (record one) and the transfer guard's recent decisions.
/// </summary>
public sealed class AuditsModel(ConsoleApi api) : ConsolePage(api)
{
    public IReadOnlyList<AuditRequestInfo> Requests { get; private set; } = [];

    /// <summary>The audit just requested and the auditor's credential: shown in this answer only, never again.</summary>
    public AuditRequestResult? Requested { get; private set; }

    public TenantTransfers? Transfers { get; private set; }

    /// <summary>Requesting an audit is the tenant admin's; recording a safeguard the tenant admin's or the privacy officer's.</summary>
    public bool IsAdmin => Person.Has(Grid.Security.GridRoles.TenantAdmin);

    public bool MayRecordSafeguards => IsAdmin || Person.Has(Grid.Security.GridRoles.PrivacyOfficer);

    public Task OnGetAsync() => LoadAsync();

    public async Task OnPostRequestAsync(string? scope, AuditException exception, string? reference, int credentialDays)
    {
        var spec = new { scope, exception, reference = string.IsNullOrWhiteSpace(reference) ? null : reference, credentialDays };
        var requested = await Api.PostAsync<AuditRequestResult>(Person, "audit-requests", spec, HttpContext.RequestAborted);
        if (Accept(requested))
        {
            Requested = requested.Value;
            Message = $"Audit {Requested!.Request.RequestId} accepted.";
        }

        await LoadAsync();
    }

    public async Task OnPostSafeguardAsync(string? destination, TransferSafeguardKind kind, string? reference)
    {
        destination = Country(destination);
        var recorded = await Api.PostAsync<TenantTransfers>(Person, "transfers/safeguards", new { destination, kind, reference }, HttpContext.RequestAborted);
        if (Accept(recorded))
        {
            Message = $"Safeguard recorded for {destination}: {kind}.";
        }

        await LoadAsync();
    }

    public static string Describe(TransferSafeguardKind kind) => kind switch
    {
        TransferSafeguardKind.AdequacyDecision => "Adequacy decision (Art. 45)",
        TransferSafeguardKind.StandardContractualClauses => "Standard contractual clauses 2021/914 (Art. 46(2)(c))",
        TransferSafeguardKind.BindingCorporateRules => "Binding corporate rules (Art. 47)",
        _ => kind.ToString(),
    };

    public static string Describe(AuditException exception) => exception switch
    {
        AuditException.None => "Ordinary (one in any 12 months)",
        AuditException.AuthorityInstruction => "Instructed by a supervisory authority",
        AuditException.Incident => "After a security incident",
        _ => exception.ToString(),
    };

    private async Task LoadAsync()
    {
        if (ForOperator)
        {
            return;
        }

        // Each section only for the roles that may read it: a refusal there is expected, not a problem to show.
        if (IsAdmin || Person.Has(Grid.Security.GridRoles.PrivacyOfficer) || Person.Has(Grid.Security.GridRoles.Auditor))
        {
            var requests = await Api.GetAsync<List<AuditRequestInfo>>(Person, "audit-requests", HttpContext.RequestAborted);
            Requests = Accept(requests) ? requests.Value! : [];
            var transfers = await Api.GetAsync<TenantTransfers>(Person, "transfers", HttpContext.RequestAborted);
            Transfers = Accept(transfers) ? transfers.Value : null;
        }
    }
}
