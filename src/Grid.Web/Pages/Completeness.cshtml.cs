using System.Globalization;
using Grid.Completeness;
using Microsoft.AspNetCore.Mvc;

namespace Grid.Web.Pages;

/// <summary>
/// Capture completeness: the reconciliation of the phone system's call records with the recordings for a period, per
/// line and in total, the missing calls, and the same as CSV. Parties appear only for an analyst (the API decides).
/// </summary>
public sealed class CompletenessModel(ConsoleApi api, TimeProvider time) : ConsolePage(api)
{
    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    public CompletenessReport? Report { get; private set; }

    public CompletenessPolicy? Policy { get; private set; }

    /// <summary>The report's query string (UTC), for the CSV link.</summary>
    public string Query => $"from={Uri.EscapeDataString(Utc(From!.Value))}&to={Uri.EscapeDataString(Utc(To!.Value))}";

    public async Task OnGetAsync()
    {
        if (ForOperator)
        {
            return;
        }

        var today = time.GetUtcNow().UtcDateTime.Date;
        From ??= today;
        To ??= today.AddDays(1);
        var report = await Api.GetAsync<CompletenessReport>(Person, "completeness?" + Query, HttpContext.RequestAborted);
        Report = Accept(report) ? report.Value : null;
        var policy = await Api.GetAsync<CompletenessPolicy>(Person, "completeness/policy", HttpContext.RequestAborted);
        Policy = policy.Ok ? policy.Value : null;
    }

    /// <summary>The calls of the period as CSV, as the API gives them.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (ForOperator || From is null || To is null)
        {
            return BadRequest();
        }

        using var response = await Api.SendRawAsync(Person, HttpMethod.Get, "completeness?" + Query + "&format=csv", _ => { }, HttpContext.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            return StatusCode((int)response.StatusCode);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"completeness-{From:yyyyMMdd}-{To:yyyyMMdd}.csv");
        return File(await response.Content.ReadAsByteArrayAsync(HttpContext.RequestAborted), "text/csv; charset=utf-8", name);
    }

    public static string Percent(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + " %" : "—";

    private static string Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
