using Grid.Requests;
using Microsoft.AspNetCore.Mvc;

namespace Grid.Web.Pages;

/// <summary>One data-subject request: its deadline, identity verification, carrying it out, its bundle or certificate.</summary>
public sealed class RequestModel(ConsoleApi api, TimeProvider time) : ConsolePage(api)
{
    [FromRoute]
    public string RequestId { get; set; } = "";

    public DataSubjectRequestInfo? Info { get; private set; }

    public string CountdownText => Info is null ? "" : Countdown(Info, time.GetUtcNow());

    public Task OnGetAsync() => LoadAsync();

    public Task OnPostVerifyAsync(string? text) => ActAsync("verify-identity", new { text }, "Identity verification recorded.");

    public Task OnPostExtendAsync(string? text) => ActAsync("extend", new { text }, "Deadline extended.");

    public Task OnPostRefuseAsync(string? text) => ActAsync("refuse", new { text }, "Request refused.");

    public Task OnPostRunAsync(string? identifier, string? displayName) =>
        ActAsync("run", identifier is null && displayName is null ? new { } : new { correction = new { identifier, displayName } }, "Request carried out.");

    public async Task OnPostVerifyCertificateAsync(string? body, string? signature, string? keyId)
    {
        await VerifyCertificateAsync(new Grid.Retention.DeletionCertificate { Body = body ?? "", Signature = signature ?? "", KeyId = keyId ?? "" });
        await LoadAsync();
    }

    public static string RunLabel(DataSubjectRequestKind kind) => kind switch
    {
        DataSubjectRequestKind.Erasure => "Erase the person's recordings",
        DataSubjectRequestKind.Restriction => "Restrict the person's recordings",
        DataSubjectRequestKind.Correction => "Correct the person's entries",
        _ => "Prepare the export bundle",
    };

    /// <summary>"12 days 3 hours left", or "overdue by 2 days 1 hour".</summary>
    public static string Countdown(DataSubjectRequestInfo request, DateTimeOffset now)
    {
        var left = request.Deadline - now;
        var span = left.Duration();
        var text = span.TotalDays >= 1 ? $"{Count((int)span.TotalDays, "day")} {Count(span.Hours, "hour")}" : $"{Count(span.Hours, "hour")} {Count(span.Minutes, "minute")}";
        return left >= TimeSpan.Zero ? $"{text} left" : $"overdue by {text}";
    }

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    private async Task ActAsync(string action, object body, string done)
    {
        if (!GridIds.IsValidCallId(RequestId))
        {
            Problem = "Not found: there is no such request in your tenant.";
            return;
        }

        var result = await Api.PostAsync<DataSubjectRequestInfo>(Person, $"requests/{RequestId}/{action}", body, HttpContext.RequestAborted);
        if (Accept(result))
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

        if (!GridIds.IsValidCallId(RequestId))
        {
            Problem = "Not found: there is no such request in your tenant.";
            return;
        }

        var info = await Api.GetAsync<DataSubjectRequestInfo>(Person, $"requests/{RequestId}", HttpContext.RequestAborted);
        Info = Accept(info) ? info.Value : null;
    }
}
