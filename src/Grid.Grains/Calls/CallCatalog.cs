using Grid.Calls;
using Grid.Storage;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Calls;

/// <summary>What a call grain tells the tenant's catalog and blind index: started, sealed, deleted.</summary>
public sealed class CallCatalog(RecordingCatalog catalog, BlindIndex index, IOptions<CatalogOptions> options)
{
    /// <summary>Indexes a starting call (idempotent: a repeated start rewrites the same rows).</summary>
    public async Task StartedAsync(string tenantId, string callId, DateTimeOffset startedAt, CallMetadata metadata)
    {
        var terms = await index.TermsAsync(tenantId, metadata, options.Value.NationalPrefix);
        var entry = new RecordingEntry { CallId = callId, StartedAt = startedAt, Status = CallStatus.Recording, Direction = metadata.Direction };
        await catalog.IndexAsync(tenantId, entry, terms, CancellationToken.None);
    }

    /// <summary>Records the seal on the catalog rows.</summary>
    public Task SealedAsync(CallSummary summary) =>
        catalog.SealAsync(summary.TenantId, new RecordingEntry
        {
            CallId = summary.CallId,
            StartedAt = summary.StartedAt!.Value,
            SealedAt = summary.SealedAt,
            Status = CallStatus.Sealed,
            Duration = summary.SealedAt - summary.StartedAt,
            MediaBytes = summary.MediaBytes,
        }, CancellationToken.None);

    /// <summary>Removes the recording and its index terms.</summary>
    public Task DeletedAsync(string tenantId, string callId, DateTimeOffset? startedAt) =>
        startedAt is { } at ? catalog.RemoveAsync(tenantId, callId, at, CancellationToken.None) : Task.CompletedTask;
}
