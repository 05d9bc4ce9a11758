using System.ComponentModel.DataAnnotations;
using System.Net;
using Grid.Sip.Media;

namespace Grid.Sip.Server;

/// <summary>
/// Settings of the session recording server (bound by the host from the <see cref="SectionName"/> section and
/// validated at start: <c>AddOptions&lt;SrsOptions&gt;().BindConfiguration("Srs").ValidateDataAnnotations().ValidateOnStart()</c>;
/// <see cref="SrsServer"/> validates them again).
/// </summary>
public sealed class SrsOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Srs";

    /// <summary>The IP address the SIP sockets bind to (<c>0.0.0.0</c> or <c>::</c> for all).</summary>
    [Required]
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The host put in Contact and Via (NAT, or a wildcard <see cref="ListenAddress"/>); defaults to <see cref="ListenAddress"/>.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The UDP port (0: any free port); null disables UDP.</summary>
    [Range(0, 65535)]
    public int? UdpPort { get; set; } = 5060;

    /// <summary>The TCP port (0: any free port); null disables TCP.</summary>
    [Range(0, 65535)]
    public int? TcpPort { get; set; } = 5060;

    /// <summary>The TLS port (0: any free port); used only when <see cref="TlsCertificatePath"/> is set.</summary>
    [Range(0, 65535)]
    public int? TlsPort { get; set; } = 5061;

    /// <summary>The server certificate: a PEM file (with <see cref="TlsKeyPath"/>) or a PKCS#12 file without a password. Null: no TLS.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificatePath"/> (null when the certificate file holds its key).</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>The most recording sessions at once (answered and pending); beyond it INVITEs get 503 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int MaxSessions { get; set; } = 300;

    /// <summary>The first RTP port (even).</summary>
    [Range(1024, 65534)]
    public int RtpPortFirst { get; set; } = 20000;

    /// <summary>The last RTP port (RTCP of the last pair included).</summary>
    [Range(1025, 65535)]
    public int RtpPortLast { get; set; } = 29999;

    /// <summary>A session with no SIP and no RTP for this long is ended (BYE, <c>SourceVanished</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan InactivityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>While the SRC has paused recording no RTP is expected: the session ends only after this long without SIP.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PausedInactivityTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>What Retry-After says when the server is at its session limit or shutting down.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A TCP/TLS connection with no traffic and no live session for this long is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a graceful stop waits for the sessions to end (BYE sent, recording sealed).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest SIP message accepted (bytes).</summary>
    [Range(1024, 1_048_576)]
    public int MaxMessageSize { get; set; } = 65535;

    /// <summary>The Server / User-Agent header.</summary>
    [Required]
    [StringLength(100, MinimumLength = 1)]
    public string UserAgent { get; set; } = "Grid-SRS";

    /// <summary>Media handling (RTP bind address, chunking, reorder window).</summary>
    [Required]
    public MediaSessionOptions Media { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(ListenAddress, out var listen))
        {
            yield return new ValidationResult("ListenAddress must be an IP address (0.0.0.0 for all).", [nameof(ListenAddress)]);
        }
        else if ((listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any)) && string.IsNullOrWhiteSpace(AdvertisedAddress))
        {
            yield return new ValidationResult("AdvertisedAddress is required when ListenAddress is a wildcard: it goes into Contact and Via.", [nameof(AdvertisedAddress)]);
        }

        if (UdpPort is null && TcpPort is null && TlsCertificatePath is null)
        {
            yield return new ValidationResult("Enable at least one transport: UdpPort, TcpPort, or TlsCertificatePath with TlsPort.", [nameof(UdpPort), nameof(TcpPort)]);
        }

        if (TlsCertificatePath is not null)
        {
            if (TlsPort is null)
            {
                yield return new ValidationResult("TlsPort is required when TlsCertificatePath is set.", [nameof(TlsPort)]);
            }

            if (!File.Exists(TlsCertificatePath))
            {
                yield return new ValidationResult("TlsCertificatePath names no file.", [nameof(TlsCertificatePath)]);
            }

            if (TlsKeyPath is not null && !File.Exists(TlsKeyPath))
            {
                yield return new ValidationResult("TlsKeyPath names no file.", [nameof(TlsKeyPath)]);
            }
        }
        else if (TlsKeyPath is not null)
        {
            yield return new ValidationResult("TlsKeyPath needs TlsCertificatePath.", [nameof(TlsKeyPath)]);
        }

        if (RtpPortFirst % 2 != 0)
        {
            yield return new ValidationResult("RtpPortFirst must be even (RTP on even ports, RTCP on the next).", [nameof(RtpPortFirst)]);
        }

        if (RtpPortLast <= RtpPortFirst)
        {
            yield return new ValidationResult("RtpPortLast must be above RtpPortFirst.", [nameof(RtpPortLast)]);
        }

        if (Media is null)
        {
            yield break;
        }

        if (!IPAddress.TryParse(Media.BindAddress, out _))
        {
            yield return new ValidationResult("Media:BindAddress must be an IP address.", [nameof(Media)]);
        }

        // The media settings' own attributes and rules (DataAnnotations does not descend into nested objects).
        var nested = new List<ValidationResult>();
        Validator.TryValidateObject(Media, new ValidationContext(Media), nested, validateAllProperties: true);
        foreach (var result in nested)
        {
            yield return new ValidationResult("Media:" + result.ErrorMessage, [nameof(Media)]);
        }

        string? mediaError = null;
        try
        {
            Media.Validate();
        }
        catch (ArgumentException ex)
        {
            mediaError = ex.Message;
        }

        if (mediaError is not null)
        {
            yield return new ValidationResult(mediaError, [nameof(Media)]);
        }
    }
}
