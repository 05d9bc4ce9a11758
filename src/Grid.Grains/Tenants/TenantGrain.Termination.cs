using Grid.Errors;
using Grid.Retention;
using Grid.Security.Calls;
using Grid.Tenants;

namespace Grid.Grains.Tenants;

/// <summary>
/// The tenant grain's termination: the contract's dates checked against the DPA's deadline and recorded (the
/// termination workflow scheduled), and the tenant marked terminated once deletion completed.
/// </summary>
public sealed partial class TenantGrain
{
    public async Task<TenantInfo> TerminateAsync(TerminationRequest request, CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        if (request is null)
        {
            throw new GridValidationException("A termination request is required.");
        }

        var maxDays = Math.Min(terminationOptions.Value.MaxDeletionDays, TerminationOptions.ContractualMaxDays);
        if (request.DeleteWithinDays < 1 || request.DeleteWithinDays > maxDays)
        {
            throw new GridValidationException($"deleteWithinDays is between 1 and {maxDays}: the DPA requires deletion within {TerminationOptions.ContractualMaxDays} days of termination.");
        }

        if (request.ReturnWindowDays < 0 || request.ReturnWindowDays >= request.DeleteWithinDays)
        {
            throw new GridValidationException("returnWindowDays is between 0 and deleteWithinDays - 1, so that deletion completes in time.");
        }

        if (state.State.Termination is not null)
        {
            return Info();
        }

        // The contract's date stands, also when it is in the past: the deadline runs from it and is never moved.
        var now = time.GetUtcNow();
        var effective = request.EffectiveAt;
        var deleteBy = effective.AddDays(request.DeleteWithinDays);
        if (deleteBy <= now)
        {
            throw new GridValidationException($"The deletion deadline of this termination ({deleteBy:O}) has already passed; record the termination with its real date and a deadline that can still be met, and report the delay.");
        }

        if (deleteBy - now < TimeSpan.FromDays(1))
        {
            LogDeadlineNear(logger, TenantId, deleteBy);
        }

        state.State.Termination = new TerminationInfo
        {
            RequestedAt = now,
            EffectiveAt = effective,
            DeletionStartsAt = effective.AddDays(request.ReturnWindowDays),
            DeleteBy = deleteBy,
        };
        state.State.Status = TenantStatus.Terminating;
        await AuditAsync("tenant.terminate", GridCaller.AuditName, null);
        await Outbox.CommitAsync(TenantId, now, new Grid.Events.TerminationScheduled());
        await GrainFactory.GetGrain<ITerminationGrain>(TenantId).ScheduleAsync();
        LogStatus(logger, TenantId, TenantStatus.Terminating);
        return Info();
    }

    public async Task<TenantInfo> CompleteTerminationAsync(CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        if (state.State.Termination is not { } termination)
        {
            throw new TenantUnavailableException(GridErrorCode.TenantTerminating, "The tenant was not terminated.");
        }

        if (state.State.Status != TenantStatus.Terminated)
        {
            state.State.Termination = termination with { CompletedAt = time.GetUtcNow() };
            state.State.Status = TenantStatus.Terminated;
            await WriteAsync();
            LogStatus(logger, TenantId, TenantStatus.Terminated);
        }

        return Info();
    }
}
