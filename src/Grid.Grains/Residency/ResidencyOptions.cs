using System.ComponentModel.DataAnnotations;
namespace Grid.Grains.Residency;

/// <summary>The regions tenants may live in (configuration section <c>Grid:Residency</c>).</summary>
public sealed class ResidencyOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Residency";

    /// <summary>Regions by name, each with its jurisdiction (empty: <see cref="Defaults"/>).</summary>
    public Dictionary<string, RegionSettings> Regions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The regions of a Grid that configures none (local development): <c>eu-west</c> and <c>eu-north</c> (EEA), <c>uk-south</c> (UK), <c>us-east</c> (US).</summary>
    public static IReadOnlyDictionary<string, RegionSettings> Defaults { get; } = new Dictionary<string, RegionSettings>(StringComparer.Ordinal)
    {
        ["eu-west"] = new() { Jurisdiction = "EEA" },
        ["eu-north"] = new() { Jurisdiction = "EEA" },
        ["uk-south"] = new() { Jurisdiction = "UK" },
        ["us-east"] = new() { Jurisdiction = "US" },
    };

    /// <summary>The regions tenants may be provisioned in: the configured ones, or <see cref="Defaults"/>.</summary>
    public IReadOnlyDictionary<string, RegionSettings> Effective => Regions.Count > 0 ? Regions : Defaults;

    /// <summary>
    /// Throws with the setting's name when a region has no jurisdiction, or keeps its replica in another jurisdiction
    /// without a recorded safeguard (called when the silo is configured: storage is routed by region).
    /// </summary>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>The problems of these settings, each naming its setting (checked when the host starts).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Problems().Select(p => new ValidationResult(p));

    private IEnumerable<string> Problems()
    {
        foreach (var (name, region) in Effective)
        {
            if (string.IsNullOrWhiteSpace(region.Jurisdiction))
            {
                yield return $"Grid:Residency:Regions:{name}:Jurisdiction is required (EEA, UK, US...).";
            }
            else if (region.ReplicaJurisdiction is { } replica && replica != region.Jurisdiction && string.IsNullOrWhiteSpace(region.ReplicaSafeguard))
            {
                yield return $"Grid:Residency:Regions:{name}: the replica is in {replica}, outside the region's jurisdiction {region.Jurisdiction}; record the transfer safeguard in Grid:Residency:Regions:{name}:ReplicaSafeguard, or keep the replica in {region.Jurisdiction}.";
            }
        }
    }
}

/// <summary>One region.</summary>
public sealed class RegionSettings
{
    /// <summary>EEA, UK, US, CH...</summary>
    public string Jurisdiction { get; set; } = "";

    /// <summary>The jurisdiction of the region's replica account, when it differs from <see cref="Jurisdiction"/>.</summary>
    public string? ReplicaJurisdiction { get; set; }

    /// <summary>The safeguard for a replica outside the jurisdiction (kind and reference).</summary>
    public string? ReplicaSafeguard { get; set; }

    /// <summary>
    /// The region's storage account (and its replica): where its tenants' recordings, indexes, audit logs and grain
    /// state are kept. Unset: the main account (<c>Grid:Storage</c>), allowed when one region is configured (and in the local development defaults).
    /// </summary>
    public Grid.Storage.StorageAccountOptions? Storage { get; set; }

    /// <summary>
    /// The region's Key Vault or Managed HSM: its tenants' keys are created there. Unset: the main vault
    /// (<c>Grid:Keys:AzureKeyVault</c>).
    /// </summary>
    public Grid.Crypto.Custody.AzureKeyVaultKeyCustodyOptions? KeyVault { get; set; }
}
