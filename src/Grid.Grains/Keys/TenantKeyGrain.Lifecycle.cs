using Grid.Errors;
using Grid.Events;
using Grid.Keys;
using Grid.Security.Calls;

namespace Grid.Grains.Keys;

/// <summary>
/// The tenant key's life cycle: rotate (a new version), revoke and enable (recording and playback stop and resume),
/// destroy (termination: every version, or all but the current one when held recordings need it).
/// </summary>
public sealed partial class TenantKeyGrain
{
    public async Task<KeyReference> RotateAsync(CancellationToken cancellationToken = default)
    {
        var current = RequireUsable();
        var next = await custodies.Get(current.Custody).CreateKeyAsync(TenantId, current.Version + 1, CancellationToken.None);
        await AuditAsync("key.rotate", "rotation", GridCaller.AuditName, null, next.Version);
        state.State.Current = next;
        state.State.Versions = [.. state.State.Versions, next];
        await Outbox.CommitAsync(TenantId, time.GetUtcNow(), new KeyRotated(next.Version));
        LogLifecycle(logger, TenantId, "rotated", next.Custody, next.Version);
        return next;
    }

    public Task<TenantKeyInfo> RevokeAsync(CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(TenantKeyStatus.Revoked, "key.revoke", "revoked", v => new KeyRevoked(v), "there is nothing to revoke");

    public Task<TenantKeyInfo> EnableAsync(CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(TenantKeyStatus.Active, "key.enable", "re-enabled", v => new KeyEnabled(v), "it cannot be re-enabled");

    // Revoke and enable: audited, written, logged and published only when the status changes; never from destroyed.
    private async Task<TenantKeyInfo> ChangeStatusAsync(TenantKeyStatus target, string action, string change, Func<int, TenantEvent> announcement, string whenDestroyed)
    {
        RequireCreated();
        if (state.State.Status == TenantKeyStatus.Destroyed)
        {
            throw new KeyDestroyedException($"The tenant's key was destroyed; {whenDestroyed}.");
        }

        if (state.State.Status != target)
        {
            await AuditAsync(action, "tenant-request", GridCaller.AuditName, null, state.State.Current!.Version);
            state.State.Status = target;
            await Outbox.CommitAsync(TenantId, time.GetUtcNow(), announcement(state.State.Current.Version));
            LogLifecycle(logger, TenantId, change, state.State.Current.Custody, state.State.Current.Version);
        }

        return Info();
    }

    public async Task<KeyDestruction> DestroyAsync(string principal, bool retainCurrentVersion = false, CancellationToken cancellationToken = default)
    {
        RequireCreated();
        if (state.State.Destruction is { } done)
        {
            return done;
        }

        if (retainCurrentVersion)
        {
            var current = state.State.Current!;
            var older = state.State.Versions.Where(v => v != current).ToList();
            await AuditAsync("key.destroy", "crypto-shred-except-legal-hold", principal, null, current.Version);
            foreach (var key in older)
            {
                await custodies.Get(key.Custody).DestroyKeyAsync(key, CancellationToken.None);
            }

            var partial = new KeyDestruction { DestroyedAt = time.GetUtcNow(), Keys = older, Principal = principal };
            state.State.Versions = [current];
            state.State.Destruction = partial;
            await WriteAsync();
            LogLifecycle(logger, TenantId, "destroyed except the legal-hold version", current.Custody, current.Version);
            return partial;
        }

        // Record the intent first: from here on nothing is wrapped or unwrapped, even if destruction is retried.
        await AuditAsync("key.destroy", "crypto-shred", principal, null, state.State.Current!.Version);
        state.State.Status = TenantKeyStatus.Destroyed;
        await WriteAsync();
        foreach (var key in state.State.Versions)
        {
            await custodies.Get(key.Custody).DestroyKeyAsync(key, CancellationToken.None);
        }

        var destruction = new KeyDestruction { DestroyedAt = time.GetUtcNow(), Keys = [.. state.State.Versions], Principal = principal };
        state.State.Destruction = destruction;
        await Outbox.CommitAsync(TenantId, destruction.DestroyedAt, new KeyDestroyed(state.State.Current.Version));
        await AuditAsync("key.destroyed", "crypto-shred", principal, null, state.State.Current.Version);
        LogLifecycle(logger, TenantId, "destroyed", state.State.Current.Custody, state.State.Current.Version);
        return destruction;
    }
}
