namespace Grid.Client;

/// <summary>
/// The credential the SDK sends with every call (configuration section <c>Grid:Credential</c>): a recorder's
/// client id and secret (exchanged for short-lived tokens and renewed automatically), or a token obtained elsewhere.
/// </summary>
public sealed class GridCredentialOptions
{
    /// <summary>A recorder credential's client id, <c>{tenantId}/{name}</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The recorder credential's secret (keep it in a secret store, never in source control).</summary>
    public string? Secret { get; set; }

    /// <summary>A token obtained elsewhere, used as is (it is not renewed).</summary>
    public string? Token { get; set; }
}
