using Azure.Storage.Blobs;
using Grid.Crypto.Custody;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grid.Web.KeyRing;

/// <summary>One Data Protection key ring for every console replica (see <see cref="ConsoleKeyRingOptions"/>).</summary>
public static class ConsoleKeyRingExtensions
{
    /// <summary>
    /// Binds <c>Grid:Web:KeyRing</c> (validated at start), and keeps Data Protection's keys in the storage account's
    /// blob (<see cref="BlobKeyRingRepository"/>), each encrypted in key custody (<see cref="CustodyXmlEncryptor"/>),
    /// under the fixed application name.
    /// </summary>
    public static IServiceCollection AddConsoleKeyRing(this IServiceCollection services)
    {
        services.AddOptions<ConsoleKeyRingOptions>().BindConfiguration(ConsoleKeyRingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSoftwareKeyCustody();
        services.AddDataProtection().SetApplicationName(ConsoleKeyRingOptions.ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) =>
        {
            var ring = sp.GetRequiredService<IOptions<ConsoleKeyRingOptions>>().Value;
            o.XmlRepository = new BlobKeyRingRepository(ContainerOf(sp, ring));
            o.XmlEncryptor = new CustodyXmlEncryptor(sp.GetServices<IKeyCustody>(), ring);
        });
        return services;
    }

    private static BlobContainerClient ContainerOf(IServiceProvider services, ConsoleKeyRingOptions ring)
    {
        var blobs = !string.IsNullOrEmpty(ring.ConnectionString) ? new BlobServiceClient(ring.ConnectionString)
            : services.GetService<Grid.Storage.StorageAccounts>()?.Cluster.Blobs
            ?? (services.GetRequiredService<IConfiguration>()["Grid:Storage:ConnectionString"] is { Length: > 0 } connection
                ? new BlobServiceClient(connection)
                : throw new InvalidOperationException("The console's key ring needs a storage account: Grid:Web:KeyRing:ConnectionString or Grid:Storage."));
        return blobs.GetBlobContainerClient(ring.Container);
    }
}
