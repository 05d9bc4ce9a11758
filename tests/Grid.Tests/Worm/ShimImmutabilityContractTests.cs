using Azure.Storage.Blobs;
using Grid.Development;
using Grid.Development.Worm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Worm;

/// <summary>The immutability contract against the shim in front of a real Azurite, on a fake clock.</summary>
public sealed class ShimImmutabilityContractTests : ImmutabilityContract, IClassFixture<ShimImmutabilityContractTests.Store>
{
    private readonly Store store;

    public ShimImmutabilityContractTests(Store store) => this.store = store;

    protected override BlobContainerClient Container => store.Container;

    protected override bool OverwriteCreatesVersion => false;

    protected override DateTimeOffset Now => store.Clock.GetUtcNow();

    protected override Task PassAsync(DateTimeOffset until)
    {
        store.Clock.AdjustTime(until.AddSeconds(1));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_container_without_immutability_refuses_a_policy_and_the_silent_upload_headers()
    {
        var plain = new BlobServiceClient(store.Shim.ConnectionString).GetBlobContainerClient("plain-" + Guid.NewGuid().ToString("N")[..8]);
        await plain.CreateAsync();
        var blob = plain.GetBlobClient("b");
        await blob.UploadAsync(BinaryData.FromString("x"));

        var policy = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => blob.SetImmutabilityPolicyAsync(new Azure.Storage.Blobs.Models.BlobImmutabilityPolicy { ExpiresOn = Now.AddMinutes(1), PolicyMode = Azure.Storage.Blobs.Models.BlobImmutabilityPolicyMode.Unlocked }));
        var upload = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => plain.GetBlobClient("c").UploadAsync(BinaryData.FromString("y"), new Azure.Storage.Blobs.Models.BlobUploadOptions { LegalHold = true }));

        Assert.Equal((409, "ImmutableStorageWithVersioningNotEnabled"), (policy.Status, policy.ErrorCode));
        Assert.Equal((409, "ImmutableStorageWithVersioningNotEnabled"), (upload.Status, upload.ErrorCode));
        Assert.False((await plain.GetPropertiesAsync()).Value.HasImmutableStorageWithVersioning);
        Assert.False(await plain.GetBlobClient("c").ExistsAsync());
        await blob.DeleteAsync();
    }

    /// <summary>Azurite, the shim in front of it and a container with version-level immutability.</summary>
    public sealed class Store : IAsyncLifetime
    {
        private readonly string root = Path.Combine(Path.GetTempPath(), "grid-worm-" + Guid.NewGuid().ToString("N")[..8]);
        private AzuriteProcess azurite = null!;

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public ImmutabilityShim Shim { get; private set; } = null!;

        public BlobContainerClient Container { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var options = new LocalEmulatorOptions
            {
                DataPath = Path.Combine(root, "azurite"),
                BlobPort = LoopbackPorts.Free(),
                QueuePort = LoopbackPorts.Free(),
                TablePort = LoopbackPorts.Free(),
            };
            azurite = await AzuriteProcess.StartAsync(options, NullLogger.Instance);
            Shim = await ImmutabilityShim.StartAsync(options.ConnectionString, Clock);
            Shim.EnableVersionLevelImmutability("worm");
            Container = new BlobServiceClient(Shim.ConnectionString).GetBlobContainerClient("worm");
            await Container.CreateIfNotExistsAsync();
        }

        public async Task DisposeAsync()
        {
            await Shim.DisposeAsync();
            await azurite.DisposeAsync();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
