using System.ComponentModel.DataAnnotations;
using Grid.Security.Tls;

namespace Grid.Security;

/// <summary>The trust boundary's settings (configuration section <c>Grid:Security</c>).</summary>
public sealed class GridSecurityOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Security";

    /// <summary>The <c>iss</c> of credentials this Grid's own token service issues.</summary>
    public string Issuer { get; set; } = "grid";

    /// <summary>The <c>aud</c> every credential must carry.</summary>
    public string Audience { get; set; } = "recording-grid";

    /// <summary>
    /// The token service's ECDSA P-256 signing key (PKCS#8 PEM); created on first start when absent (the local
    /// default keeps it under <c>.grid/security/</c>; production mounts it from a secret store).
    /// </summary>
    public string TokenSigningKeyPath { get; set; } = ".grid/security/token-signing.pem";

    /// <summary>
    /// The cluster key (32 random bytes, base64) with which silos prove to each other that a call comes from inside
    /// the cluster; created on first start when absent. Every silo of a cluster must have the same one.
    /// </summary>
    public string ClusterKeyPath { get; set; } = ".grid/security/cluster.key";

    /// <summary>
    /// Further verification keys: other issuers (the customer API), and during a key rollover the previous signing
    /// key, so that two keys are accepted at once until the old key's last token has expired.
    /// </summary>
    public List<TrustedKeyOptions> TrustedKeys { get; set; } = [];

    /// <summary>Lifetime of the credentials the token service issues.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest lifetime (exp - iat) a credential may have; longer ones are refused.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Tolerated clock difference between issuer and silo.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Mutual TLS on every Orleans link.</summary>
    public GridTlsOptions Tls { get; set; } = new();

    /// <summary>The problems of these settings, each naming its setting (checked when the host starts).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult("Grid:Security:Issuer and Grid:Security:Audience are required.");
        }

        if (string.IsNullOrWhiteSpace(TokenSigningKeyPath) || string.IsNullOrWhiteSpace(ClusterKeyPath))
        {
            yield return new ValidationResult("Grid:Security:TokenSigningKeyPath and Grid:Security:ClusterKeyPath name the trust boundary's key files.");
        }

        if (MaxTokenLifetime <= TimeSpan.Zero || MaxTokenLifetime > TimeSpan.FromHours(1) || TokenLifetime <= TimeSpan.Zero || TokenLifetime > MaxTokenLifetime)
        {
            yield return new ValidationResult("Grid:Security:TokenLifetime is more than 0 and at most Grid:Security:MaxTokenLifetime, which is at most 1 hour.");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Grid:Security:ClockSkew is between 0 and 5 minutes.");
        }

        foreach (var (trusted, index) in TrustedKeys.Select((k, i) => (k, i)))
        {
            if (string.IsNullOrWhiteSpace(trusted.Issuer) || string.IsNullOrWhiteSpace(trusted.PublicKeyPath))
            {
                yield return new ValidationResult($"Grid:Security:TrustedKeys:{index} names its Issuer and PublicKeyPath.");
            }
        }
    }

    /// <summary>Every trust-boundary file (signing key, cluster key, development CA) under one folder: for tests and the load test.</summary>
    public static GridSecurityOptions InFolder(string folder) => new()
    {
        TokenSigningKeyPath = Path.Combine(folder, "security", "token-signing.pem"),
        ClusterKeyPath = Path.Combine(folder, "security", "cluster.key"),
        Tls = new GridTlsOptions { DevelopmentFolder = Path.Combine(folder, "tls") },
    };
}

/// <summary>A public key that verifies credentials of one issuer.</summary>
public sealed class TrustedKeyOptions
{
    /// <summary>The <c>iss</c> the key signs for.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>The ECDSA P-256 public key (SubjectPublicKeyInfo PEM) or private key file (the public half is used).</summary>
    public string PublicKeyPath { get; set; } = string.Empty;
}
