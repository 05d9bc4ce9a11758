using System.ComponentModel.DataAnnotations;
using Grid.Keys;

namespace Grid.Web.KeyRing;

/// <summary>
/// Where the console's ASP.NET Core Data Protection key ring lives (configuration section <c>Grid:Web:KeyRing</c>):
/// one ring for every replica, in the Grid's main storage account, each key encrypted under a key in the Grid's key
/// custody. Cookies, anti-forgery tokens and OpenID Connect state issued by one replica are then read by any other.
/// </summary>
public sealed class ConsoleKeyRingOptions
{
    public const string SectionName = "Grid:Web:KeyRing";

    /// <summary>The Data Protection application name: fixed, so every replica (and every release) shares the ring.</summary>
    public const string ApplicationName = "recording-grid-console";

    /// <summary>The blob container holding the ring (one blob, <c>keys.xml</c>).</summary>
    [Required, RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Grid:Web:KeyRing:Container must be a valid blob container name.")]
    public string Container { get; set; } = "grid-console-keyring";

    /// <summary>The custody holding the key that encrypts the ring's keys (the one the Grid's tenants use in production: an HSM or Key Vault).</summary>
    public KeyCustodyKind Custody { get; set; } = KeyCustodyKind.Software;

    /// <summary>The name of that key in custody (a processor key, not any tenant's).</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{2,62}$", ErrorMessage = "Grid:Web:KeyRing:KeyName is 3 to 63 lower-case letters, digits and dashes.")]
    public string KeyName { get; set; } = "console-keyring";

    /// <summary>The storage connection string; empty: the Grid's main storage account (<c>Grid:Storage</c>).</summary>
    public string? ConnectionString { get; set; }
}
