using System.Globalization;
using System.Text;
using Grid.Calls;
using Grid.Completeness;
using Grid.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grid.Api;

/// <summary>Capture completeness: the phone system's call records in, the reconciliation report out (JSON or CSV).</summary>
internal static class CompletenessEndpoints
{
    private static readonly string[] CsvColumns = ["startedAt", "durationSeconds", "line", "direction", "parties", "reference"];

    public static void Map(RouteGroupBuilder tenant)
    {
        var completeness = tenant.MapGroup("/completeness").WithTags("completeness");
        GridApiEndpoints.Describe(completeness.MapPost("/expected", ImportAsync),
            "Import the calls the phone system says took place (JSON {calls:[...]} or text/csv with a header row): reconciled against the recordings", GridOperation.Of<ICompletenessGrain>(nameof(ICompletenessGrain.ImportAsync)));
        GridApiEndpoints.Describe(completeness.MapGet("", ReportAsync),
            "Capture completeness for a period (?from=&to=, at most 31 days; &format=csv for the calls as CSV): expected, recorded, missing, pending, partial, paused, coverage, per line", GridOperation.Of<ICompletenessGrain>(nameof(ICompletenessGrain.GetReportAsync)));
        GridApiEndpoints.Describe(completeness.MapGet("/policy", (string tenantId, IGrainFactory grains, HttpContext http) =>
            Grain(grains, tenantId).GetPolicyAsync(http.RequestAborted)),
            "The reconciliation policy (always-recorded lines, tolerance, recheck delay, partial threshold, reference tags)", GridOperation.Of<ICompletenessGrain>(nameof(ICompletenessGrain.GetPolicyAsync)));
        GridApiEndpoints.Describe(completeness.MapPut("/policy", (string tenantId, CompletenessPolicy body, IGrainFactory grains, HttpContext http) =>
            Grain(grains, tenantId).SetPolicyAsync(body, http.RequestAborted)),
            "Set the reconciliation policy (audited)", GridOperation.Of<ICompletenessGrain>(nameof(ICompletenessGrain.SetPolicyAsync)));
    }

    private static ICompletenessGrain Grain(IGrainFactory grains, string tenantId) =>
        grains.GetGrain<ICompletenessGrain>(GridApiEndpoints.Tenant(tenantId));

    private static async Task<CompletenessImport> ImportAsync(string tenantId, HttpRequest request, IGrainFactory grains)
    {
        var grain = Grain(grains, tenantId);
        IReadOnlyList<ExpectedCall> calls;
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            calls = ParseCsv(await reader.ReadToEndAsync(request.HttpContext.RequestAborted));
        }
        else
        {
            var body = await request.ReadFromJsonAsync<ExpectedCallsBody>(request.HttpContext.RequestAborted);
            calls = body?.Calls ?? throw new GridValidationException("The body is {\"calls\": [...]} (or text/csv with a header row).");
        }

        return await grain.ImportAsync(calls, request.HttpContext.RequestAborted);
    }

    private static async Task<IResult> ReportAsync(string tenantId, DateTimeOffset? from, DateTimeOffset? to, string? format, IGrainFactory grains, HttpContext http)
    {
        // Missing times are the grain's refusal (after its role check, so a caller without the role learns nothing).
        var report = await Grain(grains, tenantId).GetReportAsync(from ?? default, to ?? default, http.RequestAborted);
        return format switch
        {
            null or "json" => Results.Ok(report),
            "csv" => Results.Text(ToCsv(report), "text/csv; charset=utf-8"),
            _ => throw new GridValidationException("format is json (default) or csv."),
        };
    }

    /// <summary>The report's calls as CSV, one row per expected call; cells that a spreadsheet would run as a formula are prefixed with '.</summary>
    public static string ToCsv(CompletenessReport report)
    {
        var csv = new StringBuilder("startedAt,line,reference,direction,durationSeconds,status,callId,partial,mediaGapSeconds,pauses,endToDurableSeconds,parties\r\n");
        foreach (var call in report.Calls)
        {
            string[] cells =
            [
                call.StartedAt.ToString("O", CultureInfo.InvariantCulture),
                call.Line,
                call.Reference ?? "",
                call.Direction?.ToString().ToLowerInvariant() ?? "",
                call.DurationSeconds.ToString(CultureInfo.InvariantCulture),
                call.Status.ToString().ToLowerInvariant(),
                call.CallId ?? "",
                call.Partial ? "true" : "false",
                call.MediaGapSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                string.Join("; ", call.Pauses.Select(p => $"{p.Reason} by {p.PausedBy}")),
                call.EndToDurableSeconds?.ToString("0.###", CultureInfo.InvariantCulture) ?? "",
                call.Parties is null ? "" : string.Join("; ", call.Parties),
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// Parses call records as CSV (RFC 4180: quoted fields, "" inside quotes) with a header row naming at least
    /// <c>startedAt</c> and <c>line</c>, any of <c>durationSeconds</c>, <c>direction</c>, <c>parties</c> (separated by
    /// ';') and <c>reference</c>, in any order. A malformed row is refused with its line number.
    /// </summary>
    public static List<ExpectedCall> ParseCsv(string text)
    {
        var rows = Rows(text).Where(r => r.Count > 1 || r[0].Length > 0).ToList();
        if (rows.Count < 2)
        {
            throw new GridValidationException("The CSV has a header row and at least one call.");
        }

        var header = rows[0].Select(h => h.Trim()).ToList();
        var unknown = header.FirstOrDefault(h => !CsvColumns.Contains(h, StringComparer.Ordinal));
        if (unknown is not null || !header.Contains("startedAt") || !header.Contains("line"))
        {
            throw new GridValidationException($"The CSV header names startedAt and line, and any of {string.Join(", ", CsvColumns.Skip(1))}{(unknown is null ? "" : $"; '{unknown[..Math.Min(unknown.Length, 32)]}' is not one")}.");
        }

        var calls = new List<ExpectedCall>();
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Count != header.Count)
            {
                throw new GridValidationException($"CSV row {r + 1} has {row.Count} fields; the header has {header.Count}.");
            }

            string? Field(string name) => header.IndexOf(name) is var i and >= 0 && row[i].Trim() is { Length: > 0 } value ? value : null;
            if (!DateTimeOffset.TryParse(Field("startedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var startedAt))
            {
                throw new GridValidationException($"CSV row {r + 1}: startedAt is not an ISO 8601 time.");
            }

            var duration = 0;
            if (Field("durationSeconds") is { } seconds && !int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out duration))
            {
                throw new GridValidationException($"CSV row {r + 1}: durationSeconds is a whole number.");
            }

            CallDirection? direction = null;
            if (Field("direction") is { } named)
            {
                direction = Enum.TryParse<CallDirection>(named, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(named, out _)
                    ? parsed
                    : throw new GridValidationException($"CSV row {r + 1}: direction is inbound, outbound, internal or unknown.");
            }

            calls.Add(new ExpectedCall
            {
                StartedAt = startedAt,
                DurationSeconds = duration,
                Line = Field("line") ?? "",
                Direction = direction,
                Parties = (Field("parties") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
                Reference = Field("reference"),
            });
        }

        return calls;
    }

    private static IEnumerable<List<string>> Rows(string text)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                yield return row;
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new GridValidationException("The CSV ends inside a quoted field.");
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}

/// <summary>Body of <c>POST .../completeness/expected</c> as JSON.</summary>
/// <param name="Calls">The call records.</param>
public sealed record ExpectedCallsBody(IReadOnlyList<ExpectedCall>? Calls);
