using Grid.Hosting;
using Grid.Storage;

namespace Grid.Tests.Residency;

/// <summary>
/// The region settings a silo refuses to start with, each naming the setting: regions of different jurisdictions
/// sharing an account, a second region without its own account, a replica across the border without a safeguard,
/// and no regions at all outside local development.
/// </summary>
public sealed class RegionConfigurationTests
{
    [Theory]
    [InlineData("shared", "Grid:Residency:Regions: eu-west and uk-south share the storage account")]
    [InlineData("missing", "Grid:Residency:Regions:uk-south:Storage is required: with more than one region configured")]
    [InlineData("replica", "Grid:Residency:Regions:eu-west: the replica is in UK, outside the region's jurisdiction EEA")]
    [InlineData("unset", "Grid:Residency:Regions is required outside local development")]
    public void A_configuration_that_would_mix_jurisdictions_stops_the_silo_naming_the_setting(string mistake, string message)
    {
        var euAccount = new StorageAccountOptions { BlobServiceUri = new("https://grideu.blob.core.example.invalid/"), TableServiceUri = new("https://grideu.table.core.example.invalid/"), QueueServiceUri = new("https://grideu.queue.core.example.invalid/") };
        var ukAccount = new StorageAccountOptions { BlobServiceUri = new("https://griduk.blob.core.example.invalid/"), TableServiceUri = new("https://griduk.table.core.example.invalid/"), QueueServiceUri = new("https://griduk.queue.core.example.invalid/") };
        var options = new GridSiloOptions { Storage = { BlobServiceUri = new("https://gridmain.blob.core.example.invalid/"), TableServiceUri = new("https://gridmain.table.core.example.invalid/"), QueueServiceUri = new("https://gridmain.queue.core.example.invalid/") } };
        options.Residency.Regions["eu-west"] = new() { Jurisdiction = "EEA", Storage = euAccount };
        options.Residency.Regions["uk-south"] = new() { Jurisdiction = "UK", Storage = ukAccount };
        var valid = GridStorageAccounts.Create(options);
        switch (mistake)
        {
            case "shared": options.Residency.Regions["uk-south"].Storage = euAccount; break;
            case "missing": options.Residency.Regions["uk-south"].Storage = null; break;
            case "replica": options.Residency.Regions["eu-west"].ReplicaJurisdiction = "UK"; break;
            default: options.Residency.Regions.Clear(); break;
        }

        var error = Assert.Throws<InvalidOperationException>(() => GridStorageAccounts.Create(options));

        Assert.Equal(3, valid.Accounts.Count);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
