using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Grid.Security.Tls;

/// <summary>The TLS settings of each kind of Orleans link, all mutual and all anchored in the Grid's CA.</summary>
public sealed class GridTlsPolicy : IDisposable
{
    private GridTlsPolicy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>Loads the configured certificates, or the development ones (created on first use).</summary>
    public static GridTlsPolicy Load(GridTlsOptions options, bool silo)
    {
        var resolved = options.UsesDevelopmentCertificates ? DevelopmentCertificates.Options(options.DevelopmentFolder, silo) : options;
        var certificate = GridCertificates.LoadWithKey(resolved.CertificatePath!, resolved.PrivateKeyPath
            ?? throw new InvalidOperationException("Grid:Security:Tls: set PrivateKeyPath beside CertificatePath."));
        var authority = GridCertificates.LoadAuthority(resolved.CaCertificatePath
            ?? throw new InvalidOperationException("Grid:Security:Tls: set CaCertificatePath (the Grid's CA certificate)."));
        if (!GridCertificates.ChainsTo(certificate, authority))
        {
            throw new InvalidOperationException("Grid:Security:Tls: this process's certificate is not issued by the configured CA, or has expired.");
        }

        if (silo && !GridCertificates.IsSilo(certificate))
        {
            throw new InvalidOperationException("Grid:Security:Tls: a silo's certificate needs both the serverAuth and clientAuth usages.");
        }

        return new GridTlsPolicy(certificate, authority);
    }

    /// <summary>Silo-to-silo, both directions: the peer must present a silo certificate of the Grid's CA.</summary>
    public TlsOptions SiloLink() => Options(GridCertificates.IsSilo);

    /// <summary>The gateway: the peer must present a client (or silo) certificate of the Grid's CA.</summary>
    public TlsOptions Gateway() => Options(GridCertificates.IsClient);

    /// <summary>A client connecting to a gateway: the gateway must present a silo certificate of the Grid's CA.</summary>
    public TlsOptions ClientToGateway() => Options(GridCertificates.IsSilo);

    /// <summary>True when <paramref name="peer"/> chains to the Grid's CA and passes <paramref name="role"/>.</summary>
    public bool Accepts(X509Certificate2? peer, Func<X509Certificate2, bool> role) =>
        peer is not null && GridCertificates.ChainsTo(peer, Authority) && role(peer);

    private TlsOptions Options(Func<X509Certificate2, bool> role)
    {
        var options = new TlsOptions
        {
            LocalCertificate = Certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            RemoteCertificateValidation = (certificate, _, _) => Accepts(certificate, role),
            OnAuthenticateAsClient = (_, client) => client.TargetHost = GridCertificates.SiloHostName,
        };
        return options;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Authority.Dispose();
    }
}
