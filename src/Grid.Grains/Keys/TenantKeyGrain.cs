using System.Security.Cryptography;
using System.Text;
using Grid.Audit;
using Grid.Errors;
using Grid.Grains.Telemetry;
using Grid.Keys;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Keys;

/// <summary>
/// The only place that talks to a tenant's key custody: creates, rotates, revokes and destroys the tenant's
/// key-encryption key, and wraps and unwraps data keys with it. A wrapped data key is bound to
/// <c>{tenantId}/{callId}</c>. Every key use and life-cycle change is written to the tenant's audit log before it
/// takes effect; an unaudited key use never happens.
/// </summary>
public sealed partial class TenantKeyGrain(
    [PersistentState("tenantkey", GridGrainStorage.Name)] IPersistentState<TenantKeyState> state,
    KeyCustodyRegistry custodies,
    GridTime time,
    ILogger<TenantKeyGrain> logger) : Grain, ITenantKeyGrain, IRemindable
{
    private const int DataKeyLength = 32;

    /// <summary>The wrap context of the index key: no call id can be <c>~index</c>, so it never unwraps as a data key.</summary>
    private const string IndexKeyContext = "~index";

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private IAuditLogGrain Audit => GrainFactory.GetGrain<IAuditLogGrain>(TenantId);

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, WriteAsync, logger);

    public async Task<KeyReference> InitializeAsync(KeyCustodyKind custody, CancellationToken cancellationToken = default)
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
        await AuditAsync("key.create", "provision", "grid:tenant", null, key.Version);
        state.State.Current = key;
        state.State.Versions = [key];
        state.State.Status = TenantKeyStatus.Active;
        state.State.CreatedAt = time.GetUtcNow();
        await WriteAsync();
        LogLifecycle(logger, TenantId, "created", key.Custody, key.Version);
        return key;
    }

    public async Task<WrappedKey> WrapAsync(string callId, byte[] dataKey, KeyUse use, CancellationToken cancellationToken = default)
    {
        GridIds.RequireCallId(callId);
        if (dataKey is not { Length: DataKeyLength } || use is null)
        {
            throw new GridValidationException($"A {DataKeyLength}-byte data key and a key use are required.");
        }

        var key = RequireUsable();
        await AuditAsync("key.wrap", use.Purpose, use.Principal, callId, key.Version);
        return await custodies.Get(key.Custody).WrapAsync(key, dataKey, Context(callId), cancellationToken);
    }

    public async Task<byte[]> UnwrapAsync(string callId, WrappedKey wrapped, KeyUse use, CancellationToken cancellationToken = default)
    {
        GridIds.RequireCallId(callId);
        if (wrapped?.Key is null || wrapped.Ciphertext is null || use is null)
        {
            throw new GridValidationException("A wrapped key and a key use are required.");
        }

        var current = RequireUsable();
        if (wrapped.Key.Custody != current.Custody || !state.State.Versions.Contains(wrapped.Key))
        {
            throw new RecordingCorruptException("The wrapped data key does not name a version of this tenant's key.");
        }

        await AuditAsync("key.unwrap", use.Purpose, use.Principal, callId, wrapped.Key.Version);
        var dataKey = await custodies.Get(wrapped.Key.Custody).UnwrapAsync(wrapped, Context(callId), cancellationToken);
        if (dataKey.Length != DataKeyLength)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            throw new RecordingCorruptException("Key custody returned a data key of the wrong length.");
        }

        return dataKey;
    }

    public async Task<byte[]> IndexKeyAsync(KeyUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(use);
        var current = RequireUsable();
        var context = Encoding.UTF8.GetBytes($"{TenantId}/{IndexKeyContext}");
        if (state.State.IndexKey is not { } wrapped || !state.State.Versions.Contains(wrapped.Key))
        {
            var fresh = RandomNumberGenerator.GetBytes(DataKeyLength);
            await AuditAsync("key.index.create", use.Purpose, use.Principal, null, current.Version);
            state.State.IndexKey = await custodies.Get(current.Custody).WrapAsync(current, fresh, context, CancellationToken.None);
            await WriteAsync();
            return fresh;
        }

        await AuditAsync("key.index.unwrap", use.Purpose, use.Principal, null, wrapped.Key.Version);
        return await custodies.Get(wrapped.Key.Custody).UnwrapAsync(wrapped, context, cancellationToken);
    }

    public async Task<TenantKeyInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        await Grid.Grains.Audit.PersonReads.AuditAsync(GrainFactory, TenantId, "key.read", null, time.GetUtcNow());
        return Info();
    }

    private TenantKeyInfo Info() => new()
    {
        Status = state.State.Status,
        Current = state.State.Current,
        Versions = [.. state.State.Versions],
        Destruction = state.State.Destruction,
    };

    private void RequireCreated()
    {
        _ = TenantId;
        if (state.State.Current is null)
        {
            throw new TenantUnavailableException(GridErrorCode.TenantUnknown, "The tenant has no key; provision the tenant first.");
        }
    }

    private KeyReference RequireUsable()
    {
        RequireCreated();
        return state.State.Status switch
        {
            TenantKeyStatus.Revoked => throw new KeyRevokedException("The tenant's key is revoked: recordings cannot be decrypted and new calls are refused until the tenant re-enables it."),
            TenantKeyStatus.Destroyed => throw new KeyDestroyedException("The tenant's key was destroyed (crypto-shredded): its recordings are permanently unreadable."),
            _ => state.State.Current!,
        };
    }

    private Task AuditAsync(string action, string purpose, string principal, string? callId, int version)
    {
        GridMetrics.KeyOperations.Add(1, new KeyValuePair<string, object?>("operation", action));
        return Audit.AppendAsync(new AuditRecord
        {
            TenantId = TenantId,
            At = time.GetUtcNow(),
            Action = action,
            Purpose = purpose,
            Principal = principal,
            CallId = callId,
            KeyVersion = version,
        });
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not GridException)
        {
            throw new StorageUnavailableException("The tenant key state could not be written; retry.", e);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Grid.Grains.Events.EventOutbox.ReminderName ? Outbox.OnReminderAsync() : Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    private byte[] Context(string callId) => Encoding.UTF8.GetBytes($"{TenantId}/{callId}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId}: key {Change} ({Custody} custody, version {Version})")]
    private static partial void LogLifecycle(ILogger logger, string tenantId, string change, KeyCustodyKind custody, int version);
}
