using System.Security.Cryptography;
using System.Text;
using Grid.Errors;
using Grid.Keys;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Keys;

/// <summary>
/// The only place that talks to a tenant's key custody. A wrapped data key is bound to <c>{tenantId}/{callId}</c>,
/// so it cannot be unwrapped for another call or tenant.
/// </summary>
public sealed partial class TenantKeyGrain(
    [PersistentState("tenantkey", GridGrainStorage.Name)] IPersistentState<TenantKeyState> state,
    KeyCustodyRegistry custodies,
    TimeProvider time,
    ILogger<TenantKeyGrain> logger) : Grain, ITenantKeyGrain
{
    private const int DataKeyLength = 32;

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task<KeyReference> InitializeAsync(KeyCustodyKind custody)
    {
        _ = TenantId;
        if (state.State.Current is { } current)
        {
            if (current.Custody != custody)
            {
                throw new GridValidationException($"The tenant's key is already held in {current.Custody} custody.");
            }

            return current;
        }

        var key = await custodies.Get(custody).CreateKeyAsync(TenantId, 1, CancellationToken.None);
        state.State.Current = key;
        state.State.CreatedAt = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not GridException)
        {
            throw new StorageUnavailableException("The tenant key state could not be written; retry.", e);
        }

        LogCreated(logger, TenantId, custody, key.Version);
        return key;
    }

    public async Task<WrappedKey> WrapAsync(string callId, byte[] dataKey)
    {
        GridIds.RequireCallId(callId);
        if (dataKey is not { Length: DataKeyLength })
        {
            throw new GridValidationException($"A data key is {DataKeyLength} bytes.");
        }

        var key = state.State.Current
            ?? throw new TenantUnavailableException(GridErrorCode.TenantUnknown, "The tenant has no key; provision the tenant first.");
        var wrapped = await custodies.Get(key.Custody).WrapAsync(key, dataKey, Context(callId), CancellationToken.None);
        LogKeyUse(logger, "wrap", TenantId, callId, "new-recording", key.Version);
        return wrapped;
    }

    public async Task<byte[]> UnwrapAsync(string callId, WrappedKey wrapped, string purpose)
    {
        GridIds.RequireCallId(callId);
        if (wrapped?.Key is null || wrapped.Ciphertext is null)
        {
            throw new GridValidationException("A wrapped key is required.");
        }

        var current = state.State.Current
            ?? throw new TenantUnavailableException(GridErrorCode.TenantUnknown, "The tenant has no key; provision the tenant first.");
        if (wrapped.Key.Custody != current.Custody || wrapped.Key.KeyId != current.KeyId)
        {
            throw new KeyUnavailableException("The wrapped key does not belong to this tenant's key.");
        }

        var dataKey = await custodies.Get(wrapped.Key.Custody).UnwrapAsync(wrapped, Context(callId), CancellationToken.None);
        if (dataKey.Length != DataKeyLength)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            throw new KeyUnavailableException("Key custody returned a data key of the wrong length.");
        }

        LogKeyUse(logger, "unwrap", TenantId, callId, purpose, wrapped.Key.Version);
        return dataKey;
    }

    private byte[] Context(string callId) => Encoding.UTF8.GetBytes($"{TenantId}/{callId}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId}: key version {Version} created in {Custody} custody")]
    private static partial void LogCreated(ILogger logger, string tenantId, KeyCustodyKind custody, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Key use {Operation}: tenant {TenantId}, call {CallId}, purpose {Purpose}, key version {Version}")]
    private static partial void LogKeyUse(ILogger logger, string operation, string tenantId, string callId, string purpose, int version);
}
