namespace Grid.Grains.Governance;

/// <summary>Countries whose processing needs no transfer safeguard under the addendum: the EEA and the UK.</summary>
public static class Jurisdictions
{
    private static readonly HashSet<string> EeaAndUk =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
        "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB",
    ];

    /// <summary>True for an EEA country or the UK (ISO 3166-1 alpha-2).</summary>
    public static bool IsEeaOrUk(string country) => EeaAndUk.Contains(country);

    /// <summary>The jurisdiction of a country: <c>EEA</c> for the EEA's members, <c>UK</c> for GB, else the country code itself (US, CH...).</summary>
    public static string Of(string country) => country == "GB" ? "UK" : EeaAndUk.Contains(country) ? "EEA" : country;
}
