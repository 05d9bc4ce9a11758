using Grid.Retention;

namespace Grid.Web.Pages;

/// <summary>The tenant's legal holds: list, place a case hold, release.</summary>
public sealed class HoldsModel(ConsoleApi api) : ConsolePage(api)
{
    public IReadOnlyList<LegalHold> Holds { get; private set; } = [];

    /// <summary>The hold whose e-discovery export was just prepared.</summary>
    public string? Prepared { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task OnPostExportAsync(string? holdId)
    {
        var prepared = await Api.PostAsync<System.Text.Json.Nodes.JsonNode>(Person, $"holds/{Uri.EscapeDataString(holdId ?? "")}/export", null, HttpContext.RequestAborted);
        if (Accept(prepared))
        {
            Prepared = holdId;
            Message = "The export is prepared: every recording the hold covers, hashed, with a manifest signed by the processor.";
        }

        await LoadAsync();
    }

    public async Task OnPostPlaceAsync(string? caseReference, string? legalBasis)
    {
        await PlaceHoldAsync(caseReference, legalBasis, null, "Case hold {0} placed.");
        await LoadAsync();
    }

    public async Task OnPostReleaseAsync(string? holdId)
    {
        await ReleaseHoldAsync(holdId);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (ForOperator)
        {
            return;
        }

        var holds = await Api.GetAsync<List<LegalHold>>(Person, "holds", HttpContext.RequestAborted);
        Holds = Accept(holds) ? [.. holds.Value!.OrderByDescending(h => h.PlacedAt)] : [];
    }
}
