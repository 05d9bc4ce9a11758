using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Grid.Tests.Worm;

/// <summary>
/// The immutability contract against a real Azure account, when <c>GRID_WORM_AZURE_CONNECTION_STRING</c> names one and
/// <c>GRID_WORM_AZURE_CONTAINER</c> a container in it with version-level immutability enabled. The tests set Unlocked
/// policies of minutes (a test account cannot clean up Locked ones early), except the locked-policy test, whose blob
/// stays until its two minutes and one extension have passed. Skipped otherwise, saying why.
/// </summary>
public sealed class AzureImmutabilityContractTests : ImmutabilityContract
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("GRID_WORM_AZURE_CONNECTION_STRING");
    private static readonly string ContainerName = Environment.GetEnvironmentVariable("GRID_WORM_AZURE_CONTAINER") ?? "worm-contract";

    protected override BlobContainerClient Container => new BlobServiceClient(ConnectionString).GetBlobContainerClient(ContainerName);

    protected override bool OverwriteCreatesVersion => true;

    protected override DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override BlobImmutabilityPolicyMode Mode => BlobImmutabilityPolicyMode.Unlocked;

    protected override async Task PassAsync(DateTimeOffset until)
    {
        var wait = until - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>Skips every test of the class, with the reason, when no Azure account is given.</summary>
    protected override string? Unavailable => string.IsNullOrEmpty(ConnectionString)
        ? "No Azure account: set GRID_WORM_AZURE_CONNECTION_STRING (and GRID_WORM_AZURE_CONTAINER, a container with version-level immutability) to run the immutability contract against Azure. Azurite does not implement immutability; the shim's run covers the contract here."
        : null;
}
