using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Grid.Errors;

namespace Grid.Storage;

/// <summary>
/// The storage accounts of a Grid and which one holds a tenant's data. The main account (<see cref="Cluster"/>) is
/// the control plane: membership, reminders, event queues, the processor's own state and the tenant-to-region
/// directory (table <c>gridtenantregions</c>: tenant id and region name, nothing else). Each region has an account
/// (its own, or the main one for a single-region or local deployment); a tenant's recordings, indexes, audit log,
/// grain state and replica live only in its region's account. A tenant is bound to its region once, at
/// provisioning, before anything of it is written; the binding never changes, so it is cached for good.
/// </summary>
public sealed class StorageAccounts
{
    public const string DirectoryTableName = "gridtenantregions";
    private const string DirectoryPartition = "tenant";

    private readonly ConcurrentDictionary<string, string> bound = new(StringComparer.Ordinal);
    private readonly AsyncOnce<TableClient> directory;

    public StorageAccounts(GridStorageClients cluster, IReadOnlyDictionary<string, GridStorageClients> regions)
    {
        Cluster = cluster;
        Regions = regions;
        Accounts = [.. new[] { cluster }.Concat(regions.Values).DistinctBy(a => a.Endpoint.AbsoluteUri)];
        directory = new(async () =>
        {
            var client = cluster.Tables.GetTableClient(DirectoryTableName);
            await RecordingStore.GuardAsync(() => client.CreateIfNotExistsAsync());
            return client;
        });
    }

    /// <summary>The main account (control plane).</summary>
    public GridStorageClients Cluster { get; }

    /// <summary>Each region's account, by region name.</summary>
    public IReadOnlyDictionary<string, GridStorageClients> Regions { get; }

    /// <summary>Every distinct account, the main one first.</summary>
    public IReadOnlyList<GridStorageClients> Accounts { get; }

    /// <summary>One account for everything (no region to choose; tests and tools that work on one account).</summary>
    public static StorageAccounts Single(GridStorageClients clients) => new(clients, new Dictionary<string, GridStorageClients>(StringComparer.Ordinal));

    /// <summary>The account of <paramref name="region"/>.</summary>
    public GridStorageClients ForRegion(string region) =>
        Regions.TryGetValue(region, out var account)
            ? account
            : throw new GridValidationException($"Region '{region}' has no storage in this Grid; use one of: {string.Join(", ", Regions.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>
    /// The account holding <paramref name="tenantId"/>'s data. With one account, that one. Otherwise the tenant's
    /// region's, and a tenant with no region (not provisioned) has nowhere to write:
    /// <see cref="TenantUnavailableException"/> with <see cref="GridErrorCode.TenantUnknown"/>.
    /// </summary>
    public async ValueTask<GridStorageClients> ForTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        if (Accounts.Count == 1)
        {
            return Cluster;
        }

        var region = await RegionOfAsync(tenantId, cancellationToken)
            ?? throw new TenantUnavailableException(GridErrorCode.TenantUnknown, "The tenant is not provisioned: it has no region, and nothing is stored for it.");
        return ForRegion(region);
    }

    /// <summary>The region <paramref name="tenantId"/> is bound to, or null when it has none.</summary>
    public async ValueTask<string?> RegionOfAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        if (bound.TryGetValue(tenantId, out var region))
        {
            return region;
        }

        var table = await directory.Value;
        var row = await RecordingStore.GuardAsync(() => table.GetEntityIfExistsAsync<TableEntity>(DirectoryPartition, tenantId, ["Region"], cancellationToken));
        if (!row.HasValue || row.Value?.GetString("Region") is not { } found)
        {
            return null;
        }

        bound[tenantId] = found;
        return found;
    }

    /// <summary>
    /// Binds <paramref name="tenantId"/> to <paramref name="region"/> (idempotent). A tenant already bound to another
    /// region is refused with <see cref="GridErrorCode.TenantAlreadyProvisioned"/>: a region never changes.
    /// </summary>
    public async Task BindAsync(string tenantId, string region, CancellationToken cancellationToken = default)
    {
        _ = ForRegion(region);
        var table = await directory.Value;
        var added = await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                await table.AddEntityAsync(new TableEntity(DirectoryPartition, tenantId) { ["Region"] = region }, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return false;
            }
        });
        if (!added && await RegionOfAsync(tenantId, cancellationToken) is { } existing && existing != region)
        {
            throw new TenantUnavailableException(GridErrorCode.TenantAlreadyProvisioned, $"The tenant is bound to region '{existing}'; a tenant's region never changes.");
        }

        bound[tenantId] = region;
    }
}
