using Grid.Errors;
using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>Validation of a declaration and the arithmetic of notification delays (plain, testable without a cluster).</summary>
public static class IncidentRules
{
    /// <summary>Validates a declaration; affected tenants must be provisioned (in <paramref name="tenants"/>).</summary>
    public static void Check(IncidentDeclaration? declaration, IReadOnlyCollection<string> tenants, DateTimeOffset now)
    {
        if (declaration is null || !Enum.IsDefined(declaration.Severity))
        {
            throw new GridValidationException("An incident declaration needs a severity: low, medium, high or critical.");
        }

        if (declaration.AffectedTenants is not { Count: > 0 and <= 10_000 } affected || affected.Distinct(StringComparer.Ordinal).Count() != affected.Count)
        {
            throw new GridValidationException("An incident names 1-10000 distinct affected tenants.");
        }

        if (affected.FirstOrDefault(t => !tenants.Contains(t)) is { } unknown)
        {
            throw new GridValidationException($"Tenant '{(GridIds.IsValidTenantId(unknown) ? unknown : "(malformed)")}' is not provisioned: name provisioned tenants only.");
        }

        if (declaration.DataCategories is not { Count: > 0 and <= 20 } || declaration.DataCategories.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 200))
        {
            throw new GridValidationException("An incident lists 1-20 categories of data concerned, each 1-200 characters.");
        }

        Text(declaration.WhatHappened, "what happened");
        Text(declaration.MeasuresTaken, "measures taken");
        if (declaration.DetectedAt > now || declaration.DetectedAt < now.AddYears(-1))
        {
            throw new GridValidationException("An incident's detection time is in the past year and not in the future.");
        }
    }

    /// <summary>Validates an update's text.</summary>
    public static void Text(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            throw new GridValidationException($"An incident's {what} is 1-4000 characters.");
        }
    }

    /// <summary>A tenant's notification at <paramref name="now"/>: its delay from detection and whether it met <paramref name="target"/>.</summary>
    public static IncidentNotification Notify(string tenantId, DateTimeOffset detectedAt, DateTimeOffset now, TimeSpan target) => new()
    {
        TenantId = tenantId,
        NotifiedAt = now,
        Delay = now - detectedAt,
        WithinTarget = now - detectedAt <= target,
    };

    /// <summary>True when an unacknowledged notice last sent at <paramref name="lastSent"/> is due to be sent again.</summary>
    public static bool DueForEscalation(IncidentNotification notification, DateTimeOffset lastSent, DateTimeOffset now, TimeSpan escalateAfter) =>
        notification.AcknowledgedAt is null && now - lastSent >= escalateAfter;
}
