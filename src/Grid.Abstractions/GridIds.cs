using System.Text.RegularExpressions;
using Grid.Errors;

namespace Grid;

/// <summary>
/// Validation and composition of the Grid's identifiers. Ids are opaque: they must never carry personal data
/// (no phone numbers or names), because they appear in storage paths, events and operator metrics.
/// </summary>
public static partial class GridIds
{
    /// <summary>Longest tenant id. A tenant's blob container is named <c>rec-{tenantId}</c>, which must fit 63 characters.</summary>
    public const int MaxTenantIdLength = 48;

    /// <summary>
    /// Ids starting with this belong to the processor: its own tenant (the self-test's <c>grid-canary</c>) and its own
    /// keys in custody (the console's key ring), which share the tenants' key naming. No customer tenant is
    /// provisioned with one.
    /// </summary>
    public const string ReservedTenantPrefix = "grid-";

    /// <summary>True for an id reserved for the processor (<see cref="ReservedTenantPrefix"/>).</summary>
    public static bool IsReservedTenantId(string tenantId) => tenantId.StartsWith(ReservedTenantPrefix, StringComparison.Ordinal);

    /// <summary>Longest call id.</summary>
    public const int MaxCallIdLength = 128;

    /// <summary>
    /// True when <paramref name="tenantId"/> is 3–48 characters of lower-case ASCII letters, digits and single
    /// hyphens, starting and ending with a letter or digit.
    /// </summary>
    public static bool IsValidTenantId(string? tenantId) =>
        tenantId is { Length: >= 3 and <= MaxTenantIdLength } && TenantIdPattern().IsMatch(tenantId);

    /// <summary>
    /// True when <paramref name="callId"/> is 1–128 characters of ASCII letters, digits, '.', '_' and '-',
    /// starting with a letter or digit.
    /// </summary>
    public static bool IsValidCallId(string? callId) =>
        callId is { Length: >= 1 and <= MaxCallIdLength } && CallIdPattern().IsMatch(callId);

    /// <summary>Throws <see cref="GridValidationException"/> unless the tenant id is valid.</summary>
    public static string RequireTenantId(string? tenantId)
    {
        if (!IsValidTenantId(tenantId))
        {
            throw new GridValidationException(
                "Tenant id is malformed: use 3-48 characters of a-z, 0-9 and single hyphens, starting and ending with a letter or digit.");
        }

        return tenantId!;
    }

    /// <summary>Throws <see cref="GridValidationException"/> unless the call id is valid.</summary>
    public static string RequireCallId(string? callId)
    {
        if (!IsValidCallId(callId))
        {
            throw new GridValidationException(
                "Call id is malformed: use 1-128 characters of A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit. Ids must be opaque (no phone numbers or names).");
        }

        return callId!;
    }

    /// <summary>The grain key of a call: <c>{tenantId}/{callId}</c>. Both parts are validated.</summary>
    public static string CallKey(string tenantId, string callId) =>
        $"{RequireTenantId(tenantId)}/{RequireCallId(callId)}";

    /// <summary>
    /// The grain key of one read of a recording (<c>IRecordingReaderGrain</c>): <c>{tenantId}/{callId}/{readerId}</c>,
    /// a fresh reader id per read, so each read has an activation of its own (its enumerator lives there).
    /// </summary>
    public static string ReaderKey(string tenantId, string callId, string? readerId = null) =>
        $"{CallKey(tenantId, callId)}/{RequireCallId(readerId ?? Guid.NewGuid().ToString("N")[..16])}";

    /// <summary>Splits and validates a reader key built by <see cref="ReaderKey"/>: the call it reads.</summary>
    public static (string TenantId, string CallId) ParseReaderKey(string? key)
    {
        var last = key?.LastIndexOf('/') ?? -1;
        if (key is null || last < 0)
        {
            throw new GridValidationException("Reader key is malformed: expected '{tenantId}/{callId}/{readerId}'.");
        }

        RequireCallId(key[(last + 1)..]);
        return ParseCallKey(key[..last]);
    }

    /// <summary>Splits and validates a call grain key built by <see cref="CallKey"/>.</summary>
    public static (string TenantId, string CallId) ParseCallKey(string? key)
    {
        var slash = key?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (key is null || slash < 0)
        {
            throw new GridValidationException("Call key is malformed: expected '{tenantId}/{callId}'.");
        }

        return (RequireTenantId(key[..slash]), RequireCallId(key[(slash + 1)..]));
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TenantIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CallIdPattern();
}
