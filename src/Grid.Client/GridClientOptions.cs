using System.ComponentModel.DataAnnotations;

namespace Grid.Client;

/// <summary>How a recorder frontend reaches the Grid (configuration section <c>Grid</c>).</summary>
public sealed class GridClientOptions : IValidatableObject
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

    /// <summary>The problems of these settings, each naming its setting (checked when the host starts).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return new ValidationResult("Grid:ClusterId and Grid:ServiceId name the Grid deployment.");
        }

        if (TableServiceUri is null && string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            yield return new ValidationResult("Grid:StorageConnectionString or Grid:TableServiceUri: the storage account whose membership table lists the gateways.");
        }

        if (ConnectAttempts is < 1 or > 100)
        {
            yield return new ValidationResult("Grid:ConnectAttempts is between 1 and 100.");
        }

        if (Recorder.MaxInFlight is < 1 or > 1024)
        {
            yield return new ValidationResult("Grid:Recorder:MaxInFlight is between 1 and 1024.");
        }

        if (Recorder.RetryDeadline <= TimeSpan.Zero || Recorder.ResponseTimeout <= TimeSpan.Zero || Recorder.InitialBackoff <= TimeSpan.Zero || Recorder.MaxBackoff < Recorder.InitialBackoff)
        {
            yield return new ValidationResult("Grid:Recorder: RetryDeadline, ResponseTimeout and InitialBackoff are positive, MaxBackoff at least InitialBackoff.");
        }

        if (!string.IsNullOrEmpty(Credential.ClientId) && string.IsNullOrEmpty(Credential.Secret))
        {
            yield return new ValidationResult("Grid:Credential: set Secret beside ClientId.");
        }
    }

    /// <summary>Copies every setting to <paramref name="target"/> (the options the SDK's services read).</summary>
    internal void CopyTo(GridClientOptions target)
    {
        target.ClusterId = ClusterId;
        target.ServiceId = ServiceId;
        target.StorageConnectionString = StorageConnectionString;
        target.TableServiceUri = TableServiceUri;
        target.Credential = Credential;
        target.Tls = Tls;
        target.ConnectAttempts = ConnectAttempts;
        target.Recorder = Recorder;
    }
}
