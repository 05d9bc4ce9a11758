using System.Globalization;
using Grid.Errors;
using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>
/// The addendum's sub-processor rules as plain arithmetic on the Grid's clock: a change takes effect no earlier than
/// <see cref="NoticePeriod"/> after it is announced, a tenant may object until <see cref="ObjectionWindow"/> after
/// the notice (inclusive), and the list "as of" a moment is the initial list with every change effective by then.
/// </summary>
public static class SubProcessorRules
{
    /// <summary>Shortest notice before a change takes effect.</summary>
    public static readonly TimeSpan NoticePeriod = TimeSpan.FromDays(10);

    /// <summary>How long after the notice a tenant may object.</summary>
    public static readonly TimeSpan ObjectionWindow = TimeSpan.FromDays(30);

    /// <summary>Validates an announcement against the list it changes; throws a typed error and changes nothing.</summary>
    public static void CheckAnnouncement(SubProcessorChangeSpec? spec, IReadOnlyList<SubProcessor> eventually, DateTimeOffset now)
    {
        if (spec is null || !Enum.IsDefined(spec.Kind))
        {
            throw new GridValidationException("A sub-processor change needs a kind: add, replace or remove.");
        }

        var known = (string? id) => id is not null && eventually.Any(s => s.Id == id);
        switch (spec.Kind)
        {
            case SubProcessorChangeKind.Add when spec.SubProcessor is null || spec.ReplacesId is not null:
                throw new GridValidationException("An addition names the new sub-processor and nothing it replaces.");
            case SubProcessorChangeKind.Add when known(spec.SubProcessor.Id):
                throw new GridValidationException($"Sub-processor '{spec.SubProcessor.Id}' is already listed or announced; replace it instead.");
            case SubProcessorChangeKind.Replace when spec.SubProcessor is null || !known(spec.ReplacesId):
                throw new GridValidationException("A replacement names a listed sub-processor to replace and the new one.");
            case SubProcessorChangeKind.Replace when spec.SubProcessor.Id != spec.ReplacesId && known(spec.SubProcessor.Id):
                throw new GridValidationException($"Sub-processor '{spec.SubProcessor.Id}' is already listed or announced.");
            case SubProcessorChangeKind.Remove when spec.SubProcessor is not null || !known(spec.ReplacesId):
                throw new GridValidationException("A removal names a listed sub-processor and no new one.");
        }

        if (spec.SubProcessor is { } added)
        {
            Check(added);
        }

        var earliest = now + NoticePeriod;
        if (spec.EffectiveAt < earliest)
        {
            throw new GovernanceException(GridErrorCode.NoticeTooShort,
                $"A sub-processor change takes effect no earlier than {NoticePeriod.TotalDays:0} days after it is announced: the earliest effective date now is {earliest.ToString("O", CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>Validates one sub-processor's fields.</summary>
    public static void Check(SubProcessor subProcessor)
    {
        if (!GridIds.IsValidCallId(subProcessor.Id))
        {
            throw new GridValidationException("A sub-processor id is 1-128 characters of A-Z, a-z, 0-9, '.', '_' and '-'.");
        }

        Text(subProcessor.Name, "name", 200);
        Text(subProcessor.Purpose, "purpose", 500);
        if (subProcessor.Country is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
        {
            throw new GridValidationException("A sub-processor's country is an ISO 3166-1 alpha-2 code (two upper-case letters), e.g. IE.");
        }

        if (subProcessor.DataCategories is not { Count: > 0 and <= 20 })
        {
            throw new GridValidationException("A sub-processor lists 1-20 categories of data it processes.");
        }

        foreach (var category in subProcessor.DataCategories)
        {
            Text(category, "data category", 200);
        }

        if (subProcessor.TransferSafeguard is { } safeguard)
        {
            Text(safeguard, "transfer safeguard", 256);
        }

        if (!Enum.IsDefined(subProcessor.Service))
        {
            throw new GridValidationException("A sub-processor's service is one of: other, storage, keyCustody, hosting, eventDelivery.");
        }
    }

    /// <summary>The last moment a tenant notified at <paramref name="notifiedAt"/> may object.</summary>
    public static DateTimeOffset ObjectionDeadline(DateTimeOffset notifiedAt) => notifiedAt + ObjectionWindow;

    /// <summary>Throws <see cref="GridErrorCode.ObjectionWindowClosed"/> after the deadline (the deadline itself is still open).</summary>
    public static void CheckObjectionWindow(SubProcessorChange change, DateTimeOffset now)
    {
        if (now > change.ObjectionDeadline)
        {
            throw new GovernanceException(GridErrorCode.ObjectionWindowClosed,
                $"The objection window of change '{change.ChangeId}' closed at {change.ObjectionDeadline.ToString("O", CultureInfo.InvariantCulture)} (30 days after the notice).");
        }
    }

    /// <summary>
    /// The list in force at <paramref name="at"/>: <paramref name="initial"/> with every change effective by then, in
    /// effective order. A change whose id is in <paramref name="routedAround"/> leaves the tenant where it was.
    /// </summary>
    public static (List<SubProcessor> Active, List<SubProcessor> RoutedAround) AsOf(
        IEnumerable<SubProcessor> initial, IEnumerable<SubProcessorChange> changes, DateTimeOffset at, IReadOnlySet<string>? routedAround = null)
    {
        var active = initial.ToList();
        var around = new List<SubProcessor>();
        foreach (var change in changes.Where(c => c.Spec.EffectiveAt <= at).OrderBy(c => c.Spec.EffectiveAt).ThenBy(c => c.AnnouncedAt))
        {
            if (routedAround?.Contains(change.ChangeId) == true)
            {
                around.Add(change.Spec.SubProcessor!);
                continue;
            }

            if (change.Spec.ReplacesId is { } replaced)
            {
                active.RemoveAll(s => s.Id == replaced);
            }

            if (change.Spec.SubProcessor is { } added)
            {
                active.Add(added);
            }
        }

        return (active, around);
    }

    private static void Text(string? value, string what, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            throw new GridValidationException($"A sub-processor's {what} is 1-{max} characters.");
        }
    }
}
