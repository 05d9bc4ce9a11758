namespace Grid.Security.Tls;

/// <summary>
/// Mutual TLS on the Orleans links (configuration section <c>Grid:Security:Tls</c>). Certificates are PEM files: the
/// Grid's CA certificate, and this process's certificate with its private key. With no paths set, a development
/// CA and certificates are created under <see cref="DevelopmentFolder"/> on first start (local default only).
/// </summary>
public sealed class GridTlsOptions
{
    /// <summary>TLS on every Orleans link. Off only for a benchmark baseline.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Grid's CA certificate (PEM): the only issuer whose certificates are accepted.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>This process's certificate (PEM). A silo's has the serverAuth and clientAuth usages; a client's only clientAuth.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The private key of <see cref="CertificatePath"/> (PEM).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Where the local default keeps its development CA and certificates.</summary>
    public string DevelopmentFolder { get; set; } = ".grid/tls";

    /// <summary>True when no certificate is configured, so the development ones are used.</summary>
    public bool UsesDevelopmentCertificates => string.IsNullOrEmpty(CertificatePath);
}
