using Grid.Calls;
using Grid.Errors;
using Grid.Keys;
using Grid.Storage;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Keys;

/// <summary>
/// Drives a rotation outside the key grain (re-wrapping calls back into the key grain, which must stay free).
/// Recordings are found by listing the tenant's container, so no per-recording index is needed.
/// </summary>
public sealed partial class KeyRotationGrain(RecordingStore store, ILogger<KeyRotationGrain> logger) : Grain, IKeyRotationGrain
{
    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task<KeyRotationReport> RotateAsync(bool rewrapExisting, CancellationToken cancellationToken = default)
    {
        var newKey = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).RotateAsync();
        int rewrapped = 0, current = 0;
        var failed = new List<string>();
        if (rewrapExisting)
        {
            await foreach (var callId in store.ListCallIdsAsync(TenantId, cancellationToken))
            {
                try
                {
                    if (await GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, callId)).RewrapKeyAsync())
                    {
                        rewrapped++;
                    }
                    else
                    {
                        current++;
                    }
                }
                catch (GridException e)
                {
                    LogRewrapFailed(logger, TenantId, callId, e.Code);
                    failed.Add(callId);
                }
            }
        }

        return new KeyRotationReport(newKey, rewrapped, current, failed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-wrap of {TenantId}/{CallId} failed: {Code}")]
    private static partial void LogRewrapFailed(ILogger logger, string tenantId, string callId, GridErrorCode code);
}
