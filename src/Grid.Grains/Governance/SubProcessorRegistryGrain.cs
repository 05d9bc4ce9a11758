using System.Security.Cryptography;
using Grid.Errors;
using Grid.Governance;
using Grid.Security.Calls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Governance;

/// <summary>
/// The sub-processor registry (<see cref="ISubProcessorRegistryGrain"/>): validates and stores announcements and
/// notifies every tenant in the directory. One reminder drives every deadline: on each tick it applies the changes
/// whose effective date has come, closes each tenant's objection window once the deadline has passed, and retries
/// any message that could not be delivered.
/// </summary>
public sealed partial class SubProcessorRegistryGrain(
    [PersistentState("subprocessors", GridGrainStorage.Name)] IPersistentState<SubProcessorRegistryState> state,
    IOptions<GovernanceOptions> options,
    GridTime time,
    ILogger<SubProcessorRegistryGrain> logger) : Grain, ISubProcessorRegistryGrain, IRemindable
{
    private const string ReminderName = "subprocessor-changes";
    private const string Notice = "notice";
    private const string Close = "close";

    private IEnumerable<SubProcessor> Initial => options.Value.InitialSubProcessors.Select(s => s.ToSubProcessor());

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        this.GetPrimaryKeyString() == ProcessorScope.Key
            ? base.OnActivateAsync(cancellationToken)
            : throw new GridValidationException($"The sub-processor registry's key is '{ProcessorScope.Key}'.");

    public async Task<SubProcessorChange> AnnounceAsync(SubProcessorChangeSpec spec, CancellationToken cancellationToken = default)
    {
        // Changes are rare: read afresh, so that an activation left over from a membership change never writes over newer state.
        await state.ReadStateAsync();
        var now = time.GetUtcNow();
        SubProcessorRules.CheckAnnouncement(spec, SubProcessorRules.AsOf(Initial, state.State.Changes, DateTimeOffset.MaxValue).Active, now);
        var change = new SubProcessorChange
        {
            ChangeId = "spc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            Spec = spec,
            AnnouncedAt = now,
            ObjectionDeadline = SubProcessorRules.ObjectionDeadline(now),
            AnnouncedBy = GridCaller.AuditName,
        };
        var tenants = await GrainFactory.GetGrain<ITenantDirectoryGrain>(ProcessorScope.Key).ListAsync();
        state.State.Changes.Add(change);
        state.State.Undelivered.UnionWith(tenants.Select(t => $"{Notice}|{change.ChangeId}|{t}"));
        await state.WriteOrThrowAsync();
        await GovernanceRecords.EnsureReminderAsync(this, ReminderName, options.Value.CheckPeriod);
        LogAnnounced(logger, change.ChangeId, spec.Kind, spec.EffectiveAt, tenants.Count);
        await DeliverAsync();
        return change;
    }

    public Task<IReadOnlyList<SubProcessor>> GetAsOfAsync(DateTimeOffset? asOf, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SubProcessor>>(SubProcessorRules.AsOf(Initial, state.State.Changes, asOf ?? time.GetUtcNow()).Active);

    public async Task<IReadOnlyList<SubProcessorChange>> GetChangesAsync(CancellationToken cancellationToken = default)
    {
        await state.ReadStateAsync();
        return [.. state.State.Changes];
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        await state.ReadStateAsync();
        var now = time.GetUtcNow();
        var due = state.State.Changes.Where(c => c.AppliedAt is null && c.Spec.EffectiveAt <= now).ToList();
        foreach (var change in due)
        {
            state.State.Changes[state.State.Changes.IndexOf(change)] = change with { AppliedAt = now };
            LogApplied(logger, change.ChangeId, change.Spec.EffectiveAt);
        }

        var closing = state.State.Changes.Where(c => now > c.ObjectionDeadline && !state.State.WindowsClosed.Contains(c.ChangeId)).ToList();
        if (closing.Count > 0)
        {
            var tenants = await GrainFactory.GetGrain<ITenantDirectoryGrain>(ProcessorScope.Key).ListAsync();
            foreach (var change in closing)
            {
                state.State.WindowsClosed.Add(change.ChangeId);
                state.State.Undelivered.UnionWith(tenants.Select(t => $"{Close}|{change.ChangeId}|{t}"));
            }
        }

        if (due.Count > 0 || closing.Count > 0)
        {
            await state.WriteOrThrowAsync();
        }

        await DeliverAsync();
        if (state.State.Undelivered.Count == 0 && state.State.Changes.TrueForAll(c => c.AppliedAt is not null && state.State.WindowsClosed.Contains(c.ChangeId)))
        {
            await GovernanceRecords.StopReminderAsync(this, ReminderName);
        }
    }

    /// <summary>Delivers every pending notice, 16 tenants at a time; one that fails stays pending for the next tick.</summary>
    private async Task DeliverAsync()
    {
        var delivered = new List<string>();
        foreach (var batch in state.State.Undelivered.ToList().Chunk(16))
        {
            var results = await Task.WhenAll(batch.Select(DeliverOneAsync));
            delivered.AddRange(batch.Where((_, i) => results[i]));
        }

        if (delivered.Count > 0)
        {
            state.State.Undelivered.ExceptWith(delivered);
            await state.WriteOrThrowAsync();
        }
    }

    private async Task<bool> DeliverOneAsync(string pending)
    {
        var parts = pending.Split('|');
        try
        {
            var tenant = GrainFactory.GetGrain<ITenantSubProcessorsGrain>(parts[2]);
            if (state.State.Changes.Find(c => c.ChangeId == parts[1]) is { } change)
            {
                await (parts[0] == Close ? tenant.CloseObjectionWindowAsync(change.ChangeId) : tenant.ReceiveNoticeAsync(change));
            }

            return true;
        }
        catch (Exception e)
        {
            // Durable already: the reminder delivers it at the next check.
            LogNotDelivered(logger, pending, e.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Sub-processor change {ChangeId} ({Kind}) announced, effective {EffectiveAt:O}; notifying {Tenants} tenants")]
    private static partial void LogAnnounced(ILogger logger, string changeId, SubProcessorChangeKind kind, DateTimeOffset effectiveAt, int tenants);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Sub-processor change {ChangeId} in effect (effective date {EffectiveAt:O})")]
    private static partial void LogApplied(ILogger logger, string changeId, DateTimeOffset effectiveAt);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Sub-processor message {Pending} not delivered ({Code}); retried at the next check")]
    private static partial void LogNotDelivered(ILogger logger, string pending, string code);
}
