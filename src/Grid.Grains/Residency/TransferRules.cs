using Grid.Errors;
using Grid.Grains.Governance;
using Grid.Residency;

namespace Grid.Grains.Residency;

/// <summary>The transfer guard's rule, plain: within the jurisdiction, or with the tenant's safeguard for the destination.</summary>
public static class TransferRules
{
    /// <summary>Validates a destination country code.</summary>
    public static string Country(string? destination) =>
        destination is { Length: 2 } c && c.All(char.IsAsciiLetterUpper)
            ? c
            : throw new GridValidationException("A destination is an ISO 3166-1 alpha-2 country code (two upper-case letters), e.g. US.");

    /// <summary>Decides a transfer from <paramref name="jurisdiction"/> to <paramref name="destination"/>.</summary>
    public static TransferDecision Decide(string jurisdiction, string destination, string purpose, IEnumerable<TransferSafeguard> safeguards, DateTimeOffset now)
    {
        var target = Jurisdictions.Of(Country(destination));
        if (target == jurisdiction)
        {
            return new TransferDecision { At = now, Destination = destination, Purpose = purpose, Allowed = true, Reason = $"within {jurisdiction}" };
        }

        return safeguards.FirstOrDefault(s => s.Destination == destination) is { } safeguard
            ? new TransferDecision { At = now, Destination = destination, Purpose = purpose, Allowed = true, Reason = $"{safeguard.Kind}: {safeguard.Reference}" }
            : new TransferDecision { At = now, Destination = destination, Purpose = purpose, Allowed = false, Reason = $"{destination} is outside {jurisdiction} and the tenant recorded no safeguard for it" };
    }
}
