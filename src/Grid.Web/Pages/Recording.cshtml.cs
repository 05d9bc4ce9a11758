using Grid.Calls;
using Grid.Retention;
using Microsoft.AspNetCore.Mvc;

namespace Grid.Web.Pages;

/// <summary>One recording: summary and metadata (the metadata read is audited), the player, and its legal holds.</summary>
public sealed class RecordingModel(ConsoleApi api) : ConsolePage(api)
{
    [FromRoute]
    public string CallId { get; set; } = "";

    public CallSummary? Summary { get; private set; }

    public CallMetadata? Metadata { get; private set; }

    public IReadOnlyList<LegalHold> Holds { get; private set; } = [];

    public Task OnGetAsync() => LoadAsync();

    public async Task OnPostHoldAsync(string? caseReference, string? legalBasis)
    {
        await PlaceHoldAsync(caseReference, legalBasis, CallId, "Hold placed for case {0}.");
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

        if (!GridIds.IsValidCallId(CallId))
        {
            Problem = "Not found: there is no such recording in your tenant.";
            return;
        }

        var summary = await Api.GetAsync<CallSummary>(Person, $"recordings/{CallId}", HttpContext.RequestAborted);
        if (!Accept(summary))
        {
            return;
        }

        Summary = summary.Value;
        var metadata = await Api.GetAsync<CallMetadata>(Person, $"recordings/{CallId}/metadata", HttpContext.RequestAborted);
        Metadata = Accept(metadata) ? metadata.Value : null;
        var holds = await Api.GetAsync<List<LegalHold>>(Person, "holds", HttpContext.RequestAborted);
        Holds = holds.Ok ? [.. holds.Value!.Where(h => h.CallId == CallId && h.ReleasedAt is null)] : [];
    }
}
