namespace Grid.Client;

/// <summary>How a recorder frontend reaches the Grid (configuration section <c>Grid</c>).</summary>
public sealed class GridClientOptions
{
    /// <summary>The Orleans cluster id of the Grid deployment.</summary>
    public string ClusterId { get; set; } = "grid-local";

    /// <summary>The Orleans service id of the Grid deployment.</summary>
    public string ServiceId { get; set; } = "recording-grid";

    /// <summary>Connection string of the storage account whose membership table lists the Grid's gateways.</summary>
    public string? StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Table endpoint of that account, for identity-based access (production); wins over the connection string.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The credential sent with every call.</summary>
    public GridCredentialOptions Credential { get; set; } = new();

    /// <summary>Mutual TLS to the gateways (section <c>Grid:Security:Tls</c>): the client certificate and the Grid's CA.</summary>
    public Grid.Security.Tls.GridTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Connection attempts before the SDK gives up with <see cref="GridConnectionRefusedException"/> (a refused
    /// certificate looks like a dropped connection; Orleans alone would retry for minutes).
    /// </summary>
    public int ConnectAttempts { get; set; } = 3;

    /// <summary>Sending behaviour of recordings.</summary>
    public RecorderOptions Recorder { get; set; } = new();
}
