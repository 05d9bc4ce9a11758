using System.ComponentModel.DataAnnotations;

namespace Grid.Api;

/// <summary>The customer API (configuration section <c>Grid:Api</c>).</summary>
public sealed class GridApiOptions : IValidatableObject
{
    public const string SectionName = "Grid:Api";

    /// <summary>Serve the API from this host (the silo serves it by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The OpenID Connect authority whose access tokens the API accepts (production). Empty: the development issuer —
    /// the Grid's own token service (<c>token</c> command) and <c>Grid:Security:TrustedKeys</c>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience the authority's tokens carry for this API (with <see cref="Authority"/>).</summary>
    public string? Audience { get; set; }

    /// <summary>Fetch the authority's metadata only over HTTPS (turn off only for a loopback test authority).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Claim naming the person's tenant.</summary>
    public string TenantClaim { get; set; } = "tid";

    /// <summary>Claim(s) naming the person's Grid roles (roles the Grid does not know are ignored).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim naming the person (an opaque id; it is what the audit log records).</summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>Requests a tenant may make per minute (all its people together); more get 429.</summary>
    public int RequestsPerMinutePerTenant { get; set; } = 1200;

    /// <summary>Largest request body accepted; larger gets 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Throws with the first problem, naming its setting (for code that needs the settings before the host starts).</summary>
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
        if (RequestsPerMinutePerTenant < 1)
        {
            yield return "Grid:Api:RequestsPerMinutePerTenant must be at least 1.";
        }

        if (MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            yield return "Grid:Api:MaxRequestBodyBytes must be between 1 KiB and 16 MiB.";
        }

        if (!string.IsNullOrEmpty(Authority) && string.IsNullOrEmpty(Audience))
        {
            yield return "Grid:Api:Audience is required with Grid:Api:Authority.";
        }
    }
}
