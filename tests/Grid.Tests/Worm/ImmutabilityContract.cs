using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Grid.Tests.Worm;

/// <summary>
/// The storage rules WORM mode relies on, as Azure Blob storage documents them for version-level immutability, written
/// once against the real <c>Azure.Storage.Blobs</c> client and run against each store that claims them: the
/// immutability shim in front of Azurite (<see cref="ShimImmutabilityContractTests"/>) and, when its settings are
/// given, a real Azure account (<see cref="AzureImmutabilityContractTests"/>). Azurite alone implements none of them.
/// </summary>
public abstract class ImmutabilityContract
{
    /// <summary>A container with version-level immutability enabled.</summary>
    protected abstract BlobContainerClient Container { get; }

    /// <summary>Now on the store's clock.</summary>
    protected abstract DateTimeOffset Now { get; }

    /// <summary>Moves the store's clock past <paramref name="until"/> (a fake clock), or waits for it (a real account).</summary>
    protected abstract Task PassAsync(DateTimeOffset until);

    /// <summary>The policy mode the tests set (an account's test container may refuse Locked policies it cannot clean up).</summary>
    protected virtual BlobImmutabilityPolicyMode Mode => BlobImmutabilityPolicyMode.Locked;

    /// <summary>
    /// How the store answers an overwrite of a protected blob: Azure accepts it as a new current version and keeps the
    /// protected one as a previous version; the shim, which has no versions, refuses it. Either way the protected bytes
    /// survive, which is what the tests check.
    /// </summary>
    protected abstract bool OverwriteCreatesVersion { get; }

    /// <summary>Why this store cannot be tested here (no account given), or null.</summary>
    protected virtual string? Unavailable => null;

    private static string NewName() => "worm-contract/" + Guid.NewGuid().ToString("N");

    private static DateTimeOffset Whole(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero);

    private static async Task<RequestFailedException> RefusedAsync(Func<Task> operation) => await Assert.ThrowsAsync<RequestFailedException>(operation);

    [SkippableFact]
    public async Task A_blob_written_with_a_policy_reads_back_with_it_and_cannot_be_deleted_or_overwritten_before_its_end()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var blob = Container.GetBlobClient(NewName());
        var until = Whole(Now.AddMinutes(2));
        await blob.UploadAsync(BinaryData.FromString("first"), new BlobUploadOptions { ImmutabilityPolicy = new BlobImmutabilityPolicy { ExpiresOn = until, PolicyMode = Mode } });

        var properties = (await blob.GetPropertiesAsync()).Value;
        var delete = await RefusedAsync(() => blob.DeleteAsync());
        var metadata = await RefusedAsync(() => blob.SetMetadataAsync(new Dictionary<string, string> { ["x"] = "y" }));

        Assert.Equal((until, Mode), (properties.ImmutabilityPolicy.ExpiresOn, properties.ImmutabilityPolicy.PolicyMode));
        Assert.Equal((409, "BlobImmutableDueToPolicy"), (delete.Status, delete.ErrorCode));
        Assert.Equal((409, "BlobImmutableDueToPolicy"), (metadata.Status, metadata.ErrorCode));
        Assert.Equal("first", (await blob.DownloadContentAsync()).Value.Content.ToString());

        // An overwrite never destroys the protected bytes: refused, or (Azure) a new version with the old one kept.
        if (OverwriteCreatesVersion)
        {
            var protectedVersion = properties.VersionId;
            await blob.UploadAsync(BinaryData.FromString("second"), overwrite: true);
            var kept = blob.WithVersion(protectedVersion);
            Assert.Equal("first", (await kept.DownloadContentAsync()).Value.Content.ToString());
            Assert.Equal(until, (await kept.GetPropertiesAsync()).Value.ImmutabilityPolicy.ExpiresOn);
            var keptDelete = await RefusedAsync(() => kept.DeleteAsync());
            Assert.Equal((409, "BlobImmutableDueToPolicy"), (keptDelete.Status, keptDelete.ErrorCode));
        }
        else
        {
            var overwrite = await RefusedAsync(() => blob.UploadAsync(BinaryData.FromString("second"), overwrite: true));
            Assert.Equal((409, "BlobImmutableDueToPolicy"), (overwrite.Status, overwrite.ErrorCode));
            Assert.Equal("first", (await blob.DownloadContentAsync()).Value.Content.ToString());
        }
    }

    [SkippableFact]
    public async Task A_locked_policy_can_be_extended_but_not_shortened_unlocked_or_deleted()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var blob = Container.GetBlobClient(NewName());
        await blob.UploadAsync(BinaryData.FromString("kept"));
        var until = Whole(Now.AddMinutes(2));
        await blob.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = until, PolicyMode = BlobImmutabilityPolicyMode.Locked });

        var extended = (await blob.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = until.AddMinutes(1), PolicyMode = BlobImmutabilityPolicyMode.Locked })).Value;
        var shortened = await RefusedAsync(() => blob.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = until, PolicyMode = BlobImmutabilityPolicyMode.Locked }));
        var unlocked = await RefusedAsync(() => blob.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = until.AddMinutes(2), PolicyMode = BlobImmutabilityPolicyMode.Unlocked }));
        var deleted = await RefusedAsync(() => blob.DeleteImmutabilityPolicyAsync());

        Assert.Equal((until.AddMinutes(1), BlobImmutabilityPolicyMode.Locked), (extended.ExpiresOn, extended.PolicyMode));
        Assert.Equal((409, 409, 409), (shortened.Status, unlocked.Status, deleted.Status));
        Assert.Equal(until.AddMinutes(1), (await blob.GetPropertiesAsync()).Value.ImmutabilityPolicy.ExpiresOn);
    }

    [SkippableFact]
    public async Task An_unlocked_policy_may_be_shortened_or_removed_as_development_allows()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var blob = Container.GetBlobClient(NewName());
        await blob.UploadAsync(BinaryData.FromString("draft"));
        var until = Whole(Now.AddMinutes(5));
        await blob.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = until, PolicyMode = BlobImmutabilityPolicyMode.Unlocked });

        var shortened = (await blob.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = until.AddMinutes(-3), PolicyMode = BlobImmutabilityPolicyMode.Unlocked })).Value;
        await blob.DeleteImmutabilityPolicyAsync();
        await blob.DeleteAsync();

        Assert.Equal(until.AddMinutes(-3), shortened.ExpiresOn);
        Assert.False(await blob.ExistsAsync());
    }

    [SkippableFact]
    public async Task A_legal_hold_blocks_deletion_even_after_the_policy_ends_and_its_release_allows_it()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var blob = Container.GetBlobClient(NewName());
        var until = Whole(Now.AddSeconds(5));
        await blob.UploadAsync(BinaryData.FromString("evidence"), new BlobUploadOptions { ImmutabilityPolicy = new BlobImmutabilityPolicy { ExpiresOn = until, PolicyMode = Mode } });
        var held = (await blob.SetLegalHoldAsync(true)).Value;

        await PassAsync(until);
        var heldDelete = await RefusedAsync(() => blob.DeleteAsync());
        var hasHold = (await blob.GetPropertiesAsync()).Value.HasLegalHold;
        var released = (await blob.SetLegalHoldAsync(false)).Value;
        await blob.DeleteAsync();

        Assert.True(held.HasLegalHold);
        Assert.True(hasHold);
        Assert.Equal((409, "BlobImmutableDueToLegalHold"), (heldDelete.Status, heldDelete.ErrorCode));
        Assert.False(released.HasLegalHold);
        Assert.False(await blob.ExistsAsync());
    }

    [SkippableFact]
    public async Task An_append_blob_under_a_policy_takes_no_more_blocks()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var blob = Container.GetAppendBlobClient(NewName());
        await blob.CreateAsync();
        await blob.AppendBlockAsync(new MemoryStream([1, 2, 3]));
        await blob.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = Whole(Now.AddMinutes(2)), PolicyMode = Mode });

        var append = await RefusedAsync(() => blob.AppendBlockAsync(new MemoryStream([4])));

        Assert.Equal((409, "BlobImmutableDueToPolicy"), (append.Status, append.ErrorCode));
        Assert.Equal(new byte[] { 1, 2, 3 }, (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [SkippableFact]
    public async Task The_container_says_version_level_immutability_is_enabled()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var properties = (await Container.GetPropertiesAsync()).Value;

        Assert.True(properties.HasImmutableStorageWithVersioning);
    }
}
