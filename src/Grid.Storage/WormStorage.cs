using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Grid.Errors;
using Microsoft.Extensions.Options;

namespace Grid.Storage;

/// <summary>
/// Write-once storage for tenants in WORM mode, as Azure Blob storage enforces it (version-level immutability): a
/// sealed recording's one blob (<see cref="RecordingLayout.RecordingBlobName"/>, in the primary and the replica) gets
/// an immutability policy until its retention end, Locked in production, and a storage legal hold while the Grid's
/// legal hold lasts. The storage service then refuses to delete or overwrite it, whoever asks: the Grid's operators
/// and the processor's own code included.
/// </summary>
public sealed class WormStorage(StorageAccounts accounts, IOptions<GridStorageOptions> options)
{
    private const string MarkKey = "gridwormauditdays";

    private readonly ConcurrentDictionary<string, Task> verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<TimeSpan?>> auditPolicies = new(StringComparer.Ordinal);

    /// <summary>The policy mode written: Locked (production), or Unlocked (allowed with the local emulator only).</summary>
    public BlobImmutabilityPolicyMode Mode => options.Value.Worm.PolicyMode == WormPolicyMode.Locked
        ? BlobImmutabilityPolicyMode.Locked
        : BlobImmutabilityPolicyMode.Unlocked;

    /// <summary>True for the storage refusals of an immutable blob (a policy in force, or a legal hold).</summary>
    /// <param name="error">A storage error.</param>
    /// <returns>Whether it is such a refusal.</returns>
    public static bool IsImmutableRefusal(RequestFailedException error) =>
        error.Status == 409 && error.ErrorCode is "BlobImmutableDueToPolicy" or "BlobImmutableDueToLegalHold" or "ImmutabilityPolicyLocked";

    /// <summary>
    /// Checks that the tenant's recording container (created if missing), in its account and its replica, has
    /// version-level immutability enabled; remembered per process once it has. Otherwise refuses with
    /// <see cref="WormStorageException"/>: the Grid does not serve a WORM tenant from storage that would not keep
    /// its promise.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="region">The tenant's region when it is not bound yet (at provisioning, before anything is written), else null.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the storage is fit.</returns>
    public async Task EnsureEnabledAsync(string tenantId, string? region, CancellationToken cancellationToken)
    {
        var task = verified.GetOrAdd(tenantId, id => CheckAsync(id, region));
        try
        {
            await task.WaitAsync(cancellationToken);
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            // Checked again next time: the operator may have fixed the account.
            verified.TryRemove(new KeyValuePair<string, Task>(tenantId, task));
            throw;
        }
    }

    /// <summary>
    /// Gives the recording's blob (and its replica copy, when there is one) an immutability policy until
    /// <paramref name="until"/> (never shortening one already set) and the legal hold <paramref name="legalHold"/>.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="until">The retention end.</param>
    /// <param name="legalHold">Whether a legal hold applies.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The policy end in force (at least <paramref name="until"/>; later when a copy already had a later one).</returns>
    public async Task<DateTimeOffset> ProtectAsync(string tenantId, string callId, DateTimeOffset until, bool legalHold, CancellationToken cancellationToken)
    {
        // Whole seconds: the header's RFC 1123 form has no fractions, and a policy read back must compare equal.
        var end = DateTimeOffset.FromUnixTimeSeconds((until.ToUnixTimeMilliseconds() + 999) / 1000);
        var inForce = end;
        foreach (var blob in await BlobsAsync(tenantId, callId, cancellationToken))
        {
            var properties = (await RecordingStore.GuardAsync(() => blob.GetPropertiesAsync(cancellationToken: cancellationToken))).Value;
            if (properties.ImmutabilityPolicy?.ExpiresOn is not { } current || current < end)
            {
                await RecordingStore.GuardAsync(() => blob.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = end, PolicyMode = Mode }, cancellationToken: cancellationToken));
            }
            else if (current > inForce)
            {
                inForce = current;
            }

            if (properties.HasLegalHold != legalHold)
            {
                await RecordingStore.GuardAsync(() => blob.SetLegalHoldAsync(legalHold, cancellationToken));
            }
        }

        return inForce;
    }

    /// <summary>
    /// True when the recording's replica copy is already under a policy (a resumed copy to write-once storage): it is
    /// not written again, which Azure would turn into a new, unprotected version.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the replica copy is protected.</returns>
    public async Task<bool> ReplicaProtectedAsync(string tenantId, string callId, CancellationToken cancellationToken)
    {
        var clients = await accounts.ForTenantAsync(tenantId, cancellationToken);
        if (clients.ReplicaBlobs?.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId)).GetBlobClient(RecordingLayout.RecordingBlobName(callId)) is not { } copy
            || !(await RecordingStore.GuardAsync(() => copy.ExistsAsync(cancellationToken))).Value)
        {
            return false;
        }

        return (await RecordingStore.GuardAsync(() => copy.GetPropertiesAsync(cancellationToken: cancellationToken))).Value.ImmutabilityPolicy?.ExpiresOn is not null;
    }

    /// <summary>Sets or clears the storage legal hold of a recording in write-once storage (primary and replica).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="legalHold">The hold.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when both copies carry it.</returns>
    public async Task SetLegalHoldAsync(string tenantId, string callId, bool legalHold, CancellationToken cancellationToken)
    {
        foreach (var blob in await BlobsAsync(tenantId, callId, cancellationToken))
        {
            await RecordingStore.GuardAsync(() => blob.SetLegalHoldAsync(legalHold, cancellationToken));
        }
    }

    /// <summary>
    /// Marks the tenant as WORM in its own storage (metadata of its recording container), with how long its audit
    /// log's checkpoints and full segments stay write-once: the audit store reads it without asking the tenant.
    /// </summary>
    /// <param name="tenantId">The tenant (bound to its region).</param>
    /// <param name="auditDays">Days each audit checkpoint and full segment is kept write-once (the tenant's retention).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the mark is stored.</returns>
    public async Task MarkAsync(string tenantId, int auditDays, CancellationToken cancellationToken)
    {
        var container = (await accounts.ForTenantAsync(tenantId, cancellationToken)).Blobs.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        await RecordingStore.GuardAsync(() => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        await RecordingStore.GuardAsync(() => container.SetMetadataAsync(new Dictionary<string, string> { [MarkKey] = auditDays.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken));
        auditPolicies.TryRemove(tenantId, out _);
    }

    /// <summary>How long a WORM tenant's audit checkpoints and full segments stay write-once; null for other tenants.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The duration, or null.</returns>
    public async Task<TimeSpan?> AuditPolicyAsync(string tenantId, CancellationToken cancellationToken)
    {
        var task = auditPolicies.GetOrAdd(tenantId, id => ReadMarkAsync(id));
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            auditPolicies.TryRemove(new KeyValuePair<string, Task<TimeSpan?>>(tenantId, task));
            throw;
        }
    }

    private async Task<TimeSpan?> ReadMarkAsync(string tenantId)
    {
        var container = (await accounts.ForTenantAsync(tenantId, CancellationToken.None)).Blobs.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        try
        {
            var properties = (await RecordingStore.GuardAsync(() => container.GetPropertiesAsync())).Value;
            return properties.Metadata.TryGetValue(MarkKey, out var days) && int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? TimeSpan.FromDays(value)
                : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The recording's blob in the primary and, when it exists there, in the replica.</summary>
    private async Task<List<BlobClient>> BlobsAsync(string tenantId, string callId, CancellationToken cancellationToken)
    {
        var clients = await accounts.ForTenantAsync(tenantId, cancellationToken);
        var name = RecordingLayout.RecordingBlobName(callId);
        var primary = clients.Blobs.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var blobs = new List<BlobClient> { primary.GetBlobClient(name) };
        if (clients.ReplicaBlobs?.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId)).GetBlobClient(name) is { } copy
            && (await RecordingStore.GuardAsync(() => copy.ExistsAsync(cancellationToken))).Value)
        {
            blobs.Add(copy);
        }

        // The frame index, kept with its recording (write-once too, so a seek's answer cannot be misdirected).
        if (primary.GetBlobClient(RecordingLayout.IndexBlobName(callId)) is var index
            && (await RecordingStore.GuardAsync(() => index.ExistsAsync(cancellationToken))).Value)
        {
            blobs.Add(index);
        }

        return blobs;
    }

    private async Task CheckAsync(string tenantId, string? region)
    {
        var clients = region is null ? await accounts.ForTenantAsync(tenantId, CancellationToken.None) : accounts.ForRegion(region);
        foreach (var (service, which) in new[] { (clients.Blobs, "account"), (clients.ReplicaBlobs, "replica account") })
        {
            if (service is null)
            {
                continue;
            }

            if (which == "account")
            {
                foreach (var shared in new[] { AuditStore.ContainerName, AuditStore.CheckpointContainerName })
                {
                    var audit = service.GetBlobContainerClient(shared);
                    await RecordingStore.GuardAsync(() => audit.CreateIfNotExistsAsync());
                    if (!(await RecordingStore.GuardAsync(() => audit.GetPropertiesAsync())).Value.HasImmutableStorageWithVersioning)
                    {
                        throw new WormStorageException(
                            $"Tenant {tenantId} is in WORM mode, but the audit container {shared} in its account ({service.AccountName}) does not have version-level immutability enabled; "
                            + "nothing was written. Enable it on the account (deploy/bicep: storage.bicep's worm parameter) before serving this tenant.");
                    }
                }
            }

            var container = service.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
            var created = await RecordingStore.GuardAsync(() => container.CreateIfNotExistsAsync()) is not null;
            var properties = (await RecordingStore.GuardAsync(() => container.GetPropertiesAsync())).Value;
            if (!properties.HasImmutableStorageWithVersioning)
            {
                if (created)
                {
                    // The check leaves nothing behind: the container it created for it goes again.
                    await RecordingStore.GuardAsync(() => container.DeleteIfExistsAsync());
                }

                throw new WormStorageException(
                    $"Tenant {tenantId} is in WORM mode, but container {container.Name} in its {which} ({service.AccountName}) does not have version-level immutability enabled; "
                    + "nothing was written. Enable it on the account (deploy/bicep: storage.bicep's worm parameter) before serving this tenant.");
            }
        }
    }
}

/// <summary>The immutability policy mode written for WORM tenants.</summary>
public enum WormPolicyMode
{
    /// <summary>The policy can only be extended: SEC 17a-4(f) compliant. Production.</summary>
    Locked,

    /// <summary>The policy can be shortened or removed: for development against the local emulator only.</summary>
    Unlocked,
}

/// <summary>WORM settings (<c>Grid:Storage:Worm</c>).</summary>
public sealed class WormOptions
{
    /// <summary>The policy mode written (default Locked; Unlocked is refused at start unless storage is the local emulator).</summary>
    public WormPolicyMode PolicyMode { get; set; } = WormPolicyMode.Locked;
}
