using System.Buffers;
using System.Globalization;
using Grid.Calls;
using Grid.Completeness;
using Grid.Errors;

namespace Grid.Grains.Completeness;

/// <summary>The rules of capture completeness that need no storage: validation, hour partitions, counting.</summary>
public static class CompletenessRules
{
    /// <summary>Most expected calls per import.</summary>
    public const int MaxImport = 5_000;

    /// <summary>Most expected calls per tenant and hour (keeps each hour's state small).</summary>
    public const int MaxPerHour = 1_000;

    /// <summary>Longest period a report covers.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(31);

    private static readonly SearchValues<char> ReferenceCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._:@");

    /// <summary>The hour partition of a start time: <c>yyyy-MM-ddTHH</c> (UTC).</summary>
    public static string HourOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    /// <summary>Throws <see cref="GridValidationException"/> naming the first bad row (0-based).</summary>
    public static void Validate(IReadOnlyList<ExpectedCall>? calls)
    {
        if (calls is null || calls.Count is < 1 or > MaxImport)
        {
            throw new GridValidationException($"An import has 1 to {MaxImport} expected calls.");
        }

        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i] ?? throw new GridValidationException($"Expected call {i} is empty.");
            if (call.StartedAt == default || call.StartedAt.Year is < 2000 or > 2999)
            {
                throw new GridValidationException($"Expected call {i}: startedAt is a time (ISO 8601 with its offset).");
            }

            if (call.DurationSeconds is < 0 or > 86_400)
            {
                throw new GridValidationException($"Expected call {i}: durationSeconds is 0 to 86400.");
            }

            if (!IsLabel(call.Line))
            {
                throw new GridValidationException($"Expected call {i}: line is a pseudonymous label of 1 to 64 characters of a-z, 0-9, '-', '.' and '_' (not a phone number).");
            }

            if (call.Reference is not null && (call.Reference.Length is < 1 or > 128 || call.Reference.AsSpan().ContainsAnyExcept(ReferenceCharacters)))
            {
                throw new GridValidationException($"Expected call {i}: reference is 1 to 128 characters of A-Z, a-z, 0-9 and '-._:@'.");
            }

            if (call.Parties is null || call.Parties.Count > 10 || call.Parties.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > CallMetadataRules.MaxText))
            {
                throw new GridValidationException($"Expected call {i}: parties are 0 to 10 identifiers of 1 to {CallMetadataRules.MaxText} characters.");
            }

            if (call.Reference is null && call.Parties.Count == 0)
            {
                throw new GridValidationException($"Expected call {i}: a call without a reference needs at least one party to be matched.");
            }

            if (call.Direction is { } direction && !Enum.IsDefined(direction))
            {
                throw new GridValidationException($"Expected call {i}: direction is one of the call directions (unknown, inbound, outbound, internal).");
            }
        }
    }

    /// <summary>Throws <see cref="GridValidationException"/> unless the policy is within its bounds; returns it with list types fit for stored state.</summary>
    public static CompletenessPolicy Validate(CompletenessPolicy? policy)
    {
        if (policy is null)
        {
            throw new GridValidationException("A completeness policy is required.");
        }

        if (policy.AlwaysRecordedLines is null || policy.AlwaysRecordedLines.Count > 1_000 || !policy.AlwaysRecordedLines.All(IsLabel))
        {
            throw new GridValidationException("alwaysRecordedLines lists up to 1000 line labels (a-z, 0-9, '-', '.', '_').");
        }

        if (policy.MatchToleranceSeconds is < 1 or > 3_600 || policy.RecheckAfterMinutes is < 1 or > 1_440 || policy.PartialGapSeconds is < 0 or > 3_600)
        {
            throw new GridValidationException("matchToleranceSeconds is 1 to 3600, recheckAfterMinutes 1 to 1440, partialGapSeconds 0 to 3600.");
        }

        if (policy.ReferenceTags is null || policy.ReferenceTags.Count > 10 || policy.ReferenceTags.Any(t => string.IsNullOrEmpty(t) || t.Length > CallMetadataRules.MaxShortText))
        {
            throw new GridValidationException("referenceTags lists up to 10 tag names.");
        }

        return policy with { AlwaysRecordedLines = policy.AlwaysRecordedLines.Distinct().Order(StringComparer.Ordinal).ToList(), ReferenceTags = policy.ReferenceTags.ToList() };
    }

    /// <summary>The counts of a set of reconciled calls.</summary>
    public static CompletenessCounts Count(IReadOnlyCollection<ReconciledCall> calls)
    {
        var recorded = calls.Count(c => c.Status == ExpectedCallStatus.Recorded);
        var pending = calls.Count(c => c.Status == ExpectedCallStatus.Pending);
        var latencies = calls.Where(c => c.EndToDurableSeconds is not null).Select(c => c.EndToDurableSeconds!.Value).Order().ToList();
        var due = calls.Count - pending;
        return new CompletenessCounts
        {
            Expected = calls.Count,
            Recorded = recorded,
            Missing = calls.Count(c => c.Status == ExpectedCallStatus.Missing),
            Pending = pending,
            Partial = calls.Count(c => c.Status == ExpectedCallStatus.Recorded && c.Partial),
            Paused = calls.Count(c => c.Status == ExpectedCallStatus.Recorded && c.Pauses.Count > 0),
            CoveragePercent = due == 0 ? null : Math.Round(100.0 * recorded / due, 2),
            EndToDurableMedianSeconds = latencies.Count == 0 ? null : latencies.Count % 2 == 1 ? latencies[latencies.Count / 2] : (latencies[(latencies.Count / 2) - 1] + latencies[latencies.Count / 2]) / 2,
            EndToDurableMaxSeconds = latencies.Count == 0 ? null : latencies[^1],
        };
    }

    private static bool IsLabel(string? value) => PolicyLabel.IsValid(value);
}
