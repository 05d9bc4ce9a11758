using System.Text.RegularExpressions;
using Grid.Calls;
using Grid.Errors;
using Grid.Tenants;

namespace Grid.Grains.Tenants;

internal static partial class TenantSettingsRules
{
    public const int MaxRetentionDays = 36_500;

    public static void Validate(TenantSettings? settings)
    {
        if (settings is null)
        {
            throw new GridValidationException("Tenant settings are required.");
        }

        CallMetadataRules.CheckText(settings.DisplayName, "displayName", 200, required: true);
        if (settings.ResidencyRegion is null || !RegionPattern().IsMatch(settings.ResidencyRegion))
        {
            throw new GridValidationException("residencyRegion is malformed: use lower-case words joined by hyphens, e.g. 'eu-west' or 'uk-south'.");
        }

        if (settings.RetentionDays is < 1 or > MaxRetentionDays)
        {
            throw new GridValidationException($"retentionDays is between 1 and {MaxRetentionDays}.");
        }

        if (!Enum.IsDefined(settings.KeyCustody))
        {
            throw new GridValidationException("keyCustody is not one of Software, Pkcs11, AzureKeyVault.");
        }
    }

    [GeneratedRegex("^[a-z]{2,12}(?:-[a-z0-9]{1,16}){0,3}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
