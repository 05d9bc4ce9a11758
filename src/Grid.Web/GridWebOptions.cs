using System.ComponentModel.DataAnnotations;

namespace Grid.Web;

/// <summary>The web console (configuration section <c>Grid:Web</c>).</summary>
public sealed class GridWebOptions : IValidatableObject
{
    public const string SectionName = "Grid:Web";

    /// <summary>Serve the console at <c>/console</c> (default true; needs the customer API on the same host).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A sign-in page that picks a tenant and roles and mints a credential with the Grid's own token service. For a
    /// local Grid only (the silo turns it on when it runs on the local storage emulator); never in production.
    /// </summary>
    public bool DevelopmentSignIn { get; set; }

    /// <summary>OpenID Connect sign-in (production): the authority the customer API trusts (<c>Grid:Api:Authority</c>).</summary>
    public string? OidcAuthority { get; set; }

    /// <summary>The console's client id at the authority.</summary>
    public string? OidcClientId { get; set; }

    /// <summary>The console's client secret (a secret file's content by reference in production).</summary>
    public string? OidcClientSecret { get; set; }

    /// <summary>Scopes asked for besides <c>openid</c> and <c>profile</c> (the API's audience scope).</summary>
    public List<string> OidcScopes { get; set; } = [];

    /// <summary>How long a console sign-in lasts before the person signs in again (default 30 minutes).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>True when an OpenID Connect authority and client are configured.</summary>
    public bool UsesOidc => !string.IsNullOrWhiteSpace(OidcAuthority) && !string.IsNullOrWhiteSpace(OidcClientId);

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
        if (Enabled && DevelopmentSignIn && UsesOidc)
        {
            yield return "Grid:Web:DevelopmentSignIn must be false when Grid:Web:OidcAuthority is set: development sign-in is for a local Grid only.";
        }

        if (SessionLifetime <= TimeSpan.Zero || SessionLifetime > TimeSpan.FromHours(12))
        {
            yield return "Grid:Web:SessionLifetime is more than 0 and at most 12 hours.";
        }
    }
}
