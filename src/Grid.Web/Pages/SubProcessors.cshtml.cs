using Grid.Governance;

namespace Grid.Web.Pages;

/// <summary>The sub-processors that apply to the tenant, change notices with the objection button, incidents with acknowledgement.</summary>
public sealed class SubProcessorsModel(ConsoleApi api) : ConsolePage(api)
{
    public TenantSubProcessors? List { get; private set; }

    public IReadOnlyList<SubProcessorNotice> Notices { get; private set; } = [];

    public IReadOnlyList<TenantIncident> Incidents { get; private set; } = [];

    public Task OnGetAsync() => LoadAsync();

    public async Task OnPostObjectAsync(string? changeId, string? reason)
    {
        var result = await Api.PostAsync<System.Text.Json.Nodes.JsonNode>(Person, $"subprocessors/notices/{Uri.EscapeDataString(changeId ?? "")}/objection", new { text = reason }, HttpContext.RequestAborted);
        Message = Accept(result) ? "Your objection is recorded." : null;
        await LoadAsync();
    }

    public async Task OnPostChooseAsync(string? changeId, ObjectionChoice choice, string? confirm)
    {
        if (confirm != "yes")
        {
            Problem = "Confirm the choice first: tick the box next to the buttons.";
        }
        else
        {
            var result = await Api.PostAsync<System.Text.Json.Nodes.JsonNode>(Person, $"subprocessors/notices/{Uri.EscapeDataString(changeId ?? "")}/choice", new { choice }, HttpContext.RequestAborted);
            Message = Accept(result) ? $"Your choice is recorded: {choice}." : null;
        }

        await LoadAsync();
    }

    public async Task OnPostAcknowledgeAsync(string? incidentId)
    {
        var result = await Api.PostAsync<System.Text.Json.Nodes.JsonNode>(Person, $"incidents/{Uri.EscapeDataString(incidentId ?? "")}/acknowledge", null, HttpContext.RequestAborted);
        Message = Accept(result) ? $"Incident {incidentId} acknowledged." : null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (ForOperator)
        {
            return;
        }

        var list = await Api.GetAsync<TenantSubProcessors>(Person, "subprocessors", HttpContext.RequestAborted);
        List = Accept(list) ? list.Value : null;
        var notices = await Api.GetAsync<List<SubProcessorNotice>>(Person, "subprocessors/notices", HttpContext.RequestAborted);
        Notices = notices.Ok ? notices.Value! : [];
        var incidents = await Api.GetAsync<List<TenantIncident>>(Person, "incidents", HttpContext.RequestAborted);
        Incidents = incidents.Ok ? incidents.Value! : [];
    }
}
