using Grid.Requests;
using Microsoft.AspNetCore.Mvc;

namespace Grid.Web.Pages;

/// <summary>The tenant's data-subject requests, and opening one (the identifier travels in the form body only).</summary>
public sealed class RequestsModel(ConsoleApi api, TimeProvider time) : ConsolePage(api)
{
    public static readonly IReadOnlyList<DataSubjectRequestKind> Kinds =
        [DataSubjectRequestKind.Access, DataSubjectRequestKind.Portability, DataSubjectRequestKind.Correction, DataSubjectRequestKind.Restriction, DataSubjectRequestKind.Erasure];

    public IReadOnlyList<DataSubjectRequestInfo> Requests { get; private set; } = [];

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync(DataSubjectRequestKind kind, string? identifier, string? reference)
    {
        var opened = await Api.PostAsync<DataSubjectRequestInfo>(Person, "requests", new { kind, identifier, reference = string.IsNullOrWhiteSpace(reference) ? null : reference }, HttpContext.RequestAborted);
        if (Accept(opened))
        {
            return LocalRedirect($"/console/requests/{opened.Value!.RequestId}");
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>How long until the deadline (or how long past it), from the Grid's clock on this host.</summary>
    public string Countdown(DataSubjectRequestInfo request) => RequestModel.Countdown(request, time.GetUtcNow());

    private async Task LoadAsync()
    {
        if (ForOperator)
        {
            return;
        }

        var listed = await Api.GetAsync<List<DataSubjectRequestInfo>>(Person, "requests", HttpContext.RequestAborted);
        Requests = Accept(listed) ? listed.Value! : [];
    }
}
