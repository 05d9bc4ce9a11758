using System.Net;
using Grid.Hosting;

namespace Grid.Silo;

/// <summary>The operators' view is served over HTTPS, or over plain HTTP on loopback addresses only.</summary>
internal static class OperatorsEndpoint
{
    public static void Require(GridSiloOptions options)
    {
        foreach (var url in options.HttpUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
            if (uri.Scheme == Uri.UriSchemeHttps && options.HttpsCertificatePath is null)
            {
                throw new InvalidOperationException($"Grid:HttpUrls has {url}: set Grid:HttpsCertificatePath and Grid:HttpsKeyPath for HTTPS.");
            }

            var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
            if (uri.Scheme == Uri.UriSchemeHttp && !loopback)
            {
                throw new InvalidOperationException($"Grid:HttpUrls has {url}: the operators' view serves plain HTTP on loopback only; use https:// with Grid:HttpsCertificatePath.");
            }
        }
    }
}
