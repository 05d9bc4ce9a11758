using Grid.Security;
using Grid.Security.Calls;
using Grid.Security.Tls;
using Grid.Security.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Grid.Hosting;

/// <summary>The silo's side of the trust boundary: mutual TLS on every link, the call gate, the token service.</summary>
public static class GridSecurityExtensions
{
    /// <summary>
    /// Mutual TLS (silo port: silo certificates only; gateway: client certificates of the Grid's CA), the
    /// authorization filter on every incoming call, the silo-only proof on every outgoing call, and the token
    /// service's issuer and validator.
    /// </summary>
    public static ISiloBuilder AddGridSecurity(this ISiloBuilder silo, GridSecurityOptions security)
    {
        silo.AddGridTokenService();
        var services = silo.Services;
        services.AddSingleton(sp => SiloCallProof.FromFile(sp.GetRequiredService<IOptions<GridSecurityOptions>>().Value.ClusterKeyPath));
        silo.AddIncomingGrainCallFilter<GridAuthorizationFilter>();
        silo.AddOutgoingGrainCallFilter<SiloCallProofFilter>();
        if (security.Tls.Enabled)
        {
            var tls = GridTlsPolicy.Load(security.Tls, silo: true);
            services.AddSingleton(tls);
            silo.Configure<SiloConnectionOptions>(o =>
            {
                o.ConfigureSiloInboundConnection(b => b.UseServerTls(tls.SiloLink()));
                o.ConfigureSiloOutboundConnection(b => b.UseClientTls(tls.SiloLink()));
                o.ConfigureGatewayInboundConnection(b => b.UseServerTls(tls.Gateway()));
            });
        }

        return silo;
    }

    /// <summary>The token service alone: the issuer (signing key) and the validator of credentials.</summary>
    public static ISiloBuilder AddGridTokenService(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddGridSecurityOptions();
        services.AddSingleton(sp => new GridTokenIssuer(sp.GetRequiredService<IOptions<GridSecurityOptions>>()));
        services.AddSingleton(sp => new GridTokenValidator(sp.GetRequiredService<IOptions<GridSecurityOptions>>(), sp.GetRequiredService<GridTokenIssuer>()));
        return silo;
    }
}
