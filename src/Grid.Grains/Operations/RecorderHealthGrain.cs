using Grid.Errors;
using Grid.Events;
using Grid.Grains.Calls;
using Grid.Operations;
using Grid.Security.Calls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Operations;

/// <summary>A tenant's recorder heartbeats (<see cref="IRecorderHealthGrain"/>); a reminder checks for silence every minute.</summary>
public sealed partial class RecorderHealthGrain(
    [PersistentState("recorder-health", GridGrainStorage.Name)] IPersistentState<RecorderHealthState> state,
    IOptions<CallLimits> limits,
    GridTime time,
    ILogger<RecorderHealthGrain> logger) : Grain, IRecorderHealthGrain, IRemindable
{
    private const string CheckReminder = "recorder-silence";
    private static readonly TimeSpan Forget = TimeSpan.FromDays(7);

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, state.WriteOrThrowAsync, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Grid.Grains.Events.EventOutbox.ReminderName ? Outbox.OnReminderAsync() : CheckAsync();

    public async Task HeartbeatAsync(string source, int liveSessions, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        if (!PolicyLabel.IsValid(source) || liveSessions < 0)
        {
            throw new GridValidationException("A heartbeat names its source as 1 to 64 characters of a-z, 0-9, '-', '.' and '_', with 0 or more live sessions.");
        }

        var now = time.GetUtcNow();
        var sources = state.State.Sources;
        var index = sources.FindIndex(s => s.Source == source);
        var wasSilent = index >= 0 && sources[index].Silent;
        var updated = new RecorderSource { Source = source, Principal = GridCaller.AuditName, LastSeen = now, LiveSessions = liveSessions };
        if (index >= 0)
        {
            sources[index] = updated;
        }
        else
        {
            sources.Add(updated);
        }

        if (wasSilent)
        {
            Outbox.Add(TenantId, now, new RecorderResumed(source));
            Resumed(logger, TenantId, source);
        }

        await state.WriteOrThrowAsync();
        if (!state.State.Watching)
        {
            await this.RegisterOrUpdateReminder(CheckReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            state.State.Watching = true;
            await state.WriteOrThrowAsync();
        }

        await Outbox.DeliverAsync();
    }

    public Task<IReadOnlyList<RecorderSource>> GetAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        return Task.FromResult<IReadOnlyList<RecorderSource>>(state.State.Sources.OrderBy(s => s.Source, StringComparer.Ordinal).ToList());
    }

    public async Task<int> CheckAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        var now = time.GetUtcNow();
        var silentAfter = limits.Value.RecorderSilentAfter;
        var sources = state.State.Sources;
        var silenced = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            if (!sources[i].Silent && now - sources[i].LastSeen >= silentAfter)
            {
                sources[i] = sources[i] with { Silent = true };
                Outbox.Add(TenantId, now, new RecorderSilent(sources[i].Source, sources[i].LastSeen, sources[i].LiveSessions));
                Silenced(logger, TenantId, sources[i].Source, sources[i].LiveSessions);
                silenced++;
            }
        }

        var forgotten = sources.RemoveAll(s => now - s.LastSeen >= Forget);
        if (silenced + forgotten > 0)
        {
            await state.WriteOrThrowAsync();
            await Outbox.DeliverAsync();
        }

        return silenced;
    }

    [LoggerMessage(EventId = 2330, Level = LogLevel.Warning, Message = "Tenant {TenantId}: recorder {Source} sent no heartbeat in time ({LiveSessions} sessions were open)")]
    private static partial void Silenced(ILogger logger, string tenantId, string source, int liveSessions);

    [LoggerMessage(EventId = 2331, Level = LogLevel.Information, Message = "Tenant {TenantId}: recorder {Source} sends heartbeats again")]
    private static partial void Resumed(ILogger logger, string tenantId, string source);
}

/// <summary>A tenant's recorder instances. Field ids are a contract with stored data.</summary>
[GenerateSerializer, Alias("Grid.Grains.Operations.RecorderHealthState")]
public sealed class RecorderHealthState
{
    [Id(0)]
    public List<RecorderSource> Sources { get; set; } = [];

    /// <summary>True once the silence check's reminder is registered.</summary>
    [Id(1)]
    public bool Watching { get; set; }

    [Id(2)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
