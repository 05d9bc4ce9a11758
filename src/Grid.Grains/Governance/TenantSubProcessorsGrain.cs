using System.Globalization;
using Grid.Errors;
using Grid.Events;
using Grid.Governance;
using Grid.Retention;
using Grid.Security.Calls;
using Grid.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Governance;

/// <summary>
/// One tenant's sub-processor notices and objections (<see cref="ITenantSubProcessorsGrain"/>). The registry's
/// reminder closes each objection window once its deadline has passed on the Grid's clock; an objection after the
/// deadline is refused by the rule itself, whether or not the window was closed yet.
/// </summary>
public sealed partial class TenantSubProcessorsGrain(
    [PersistentState("tenant-subprocessors", GridGrainStorage.Name)] IPersistentState<TenantSubProcessorsState> state,
    IOptions<GovernanceOptions> options,
    GridTime time,
    ILogger<TenantSubProcessorsGrain> logger) : Grain, ITenantSubProcessorsGrain, IRemindable
{
    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, state.WriteOrThrowAsync, logger);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Grid.Grains.Events.EventOutbox.ReminderName ? Outbox.OnReminderAsync() : Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public async Task ReceiveNoticeAsync(SubProcessorChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (state.State.Notices.Exists(n => n.Change.ChangeId == change.ChangeId))
        {
            return;
        }

        var now = time.GetUtcNow();
        state.State.Notices.Add(new SubProcessorNotice { Change = change, NotifiedAt = now });
        Outbox.Add(TenantId, now, new SubProcessorNoticed(change.ChangeId));
        await state.WriteOrThrowAsync();
        var subject = change.Spec.SubProcessor?.Id ?? change.Spec.ReplacesId;
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, "subprocessor.notice",
            $"{change.ChangeId}: {change.Spec.Kind.ToString().ToLowerInvariant()} {subject}, effective {Date(change.Spec.EffectiveAt)}, objections until {Date(change.ObjectionDeadline)}",
            change.AnnouncedBy, now);
        await Outbox.DeliverAsync();
    }

    public async Task<TenantSubProcessors> GetAsync(DateTimeOffset? asOf, CancellationToken cancellationToken = default)
    {
        var at = asOf ?? time.GetUtcNow();
        var changes = await GrainFactory.GetGrain<ISubProcessorRegistryGrain>(ProcessorScope.Key).GetChangesAsync();
        var (active, around) = SubProcessorRules.AsOf(options.Value.InitialSubProcessors.Select(s => s.ToSubProcessor()), changes, at, RoutedAround());
        return new TenantSubProcessors { AsOf = at, Active = active, RoutedAround = around };
    }

    public Task<IReadOnlyList<SubProcessorNotice>> GetNoticesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SubProcessorNotice>>([.. state.State.Notices.OrderByDescending(n => n.NotifiedAt)]);

    public async Task<SubProcessorNotice> ObjectAsync(string changeId, string reason, CancellationToken cancellationToken = default)
    {
        var (index, notice) = Find(changeId);
        var now = time.GetUtcNow();
        SubProcessorRules.CheckObjectionWindow(notice.Change, now);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            throw new GridValidationException("An objection gives its reason in 1-1000 characters.");
        }

        if (notice.Change.Spec.Kind == SubProcessorChangeKind.Remove)
        {
            throw new GovernanceException(GridErrorCode.GovernanceState, "A removal adds no sub-processor: there is nothing to object to.");
        }

        if (notice.Objection is { Choice: not ObjectionChoice.Withdraw })
        {
            return notice;
        }

        var routed = notice.Change.Spec.SubProcessor!.IsRoutable;
        notice = notice with { Objection = new SubProcessorObjection { Reason = reason, At = now, By = GridCaller.AuditName, RoutedAround = routed } };
        state.State.Notices[index] = notice;
        Outbox.Add(TenantId, now, new SubProcessorObjectionDeadline(changeId));
        await state.WriteOrThrowAsync();
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, "subprocessor.object",
            $"{changeId}: {(routed ? "the tenant is routed around the new sub-processor" : "cannot be routed around: suspension or termination offered")}", GridCaller.AuditName, now);
        LogObjection(logger, TenantId, changeId, routed);
        return notice;
    }

    public async Task<SubProcessorNotice> ChooseAsync(string changeId, ObjectionChoice choice, CancellationToken cancellationToken = default)
    {
        var (index, notice) = Find(changeId);
        if (choice is ObjectionChoice.None || !Enum.IsDefined(choice))
        {
            throw new GridValidationException("Choose one of: suspend, terminate, withdraw.");
        }

        if (notice.Objection is not { } objection || objection.Choice != ObjectionChoice.None)
        {
            throw new GovernanceException(GridErrorCode.GovernanceState, "There is no open objection to this change to choose for; object first (a choice is recorded once).");
        }

        if (objection.RoutedAround && choice != ObjectionChoice.Withdraw)
        {
            throw new GovernanceException(GridErrorCode.GovernanceState, "The tenant is already routed around this sub-processor: nothing to choose (withdraw to accept the change).");
        }

        var now = time.GetUtcNow();
        var tenant = GrainFactory.GetGrain<ITenantGrain>(TenantId);
        if (choice == ObjectionChoice.Suspend)
        {
            await tenant.SuspendAsync();
        }
        else if (choice == ObjectionChoice.Terminate)
        {
            var effective = notice.Change.Spec.EffectiveAt > now ? notice.Change.Spec.EffectiveAt : now;
            await tenant.TerminateAsync(new TerminationRequest(effective, ReturnWindowDays: 14, DeleteWithinDays: 15, GridCaller.AuditName));
        }

        notice = notice with { Objection = objection with { Choice = choice, ChoiceAt = now, ChoiceBy = GridCaller.AuditName } };
        state.State.Notices[index] = notice;
        Outbox.Add(TenantId, now, new SubProcessorObjectionDeadline(changeId));
        await state.WriteOrThrowAsync();
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, "subprocessor.choice", $"{changeId}: {choice.ToString().ToLowerInvariant()}", GridCaller.AuditName, now);
        return notice;
    }

    public async Task CloseObjectionWindowAsync(string changeId, CancellationToken cancellationToken = default)
    {
        var index = state.State.Notices.FindIndex(n => n.Change.ChangeId == changeId);
        var now = time.GetUtcNow();
        if (index < 0 || state.State.Notices[index].WindowClosed || now <= state.State.Notices[index].Change.ObjectionDeadline)
        {
            return;
        }

        var notice = state.State.Notices[index] with { WindowClosed = true };
        state.State.Notices[index] = notice;
        Outbox.Add(TenantId, now, new SubProcessorObjectionDeadline(changeId));
        await state.WriteOrThrowAsync();
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, "subprocessor.objection-deadline",
            $"{changeId}: objection window closed ({(notice.Objection is null ? "no objection" : "objected: " + notice.Objection.Choice.ToString().ToLowerInvariant())})", "grid:governance", now);
        await Outbox.DeliverAsync();
    }

    private HashSet<string> RoutedAround() =>
        [.. state.State.Notices.Where(n => n.Objection is { RoutedAround: true, Choice: not ObjectionChoice.Withdraw }).Select(n => n.Change.ChangeId)];

    private (int Index, SubProcessorNotice Notice) Find(string changeId)
    {
        _ = TenantId;
        var index = state.State.Notices.FindIndex(n => n.Change.ChangeId == changeId);
        return index < 0
            ? throw new GovernanceException(GridErrorCode.GovernanceState, "The tenant received no notice of this change; list the notices for their ids.")
            : (index, state.State.Notices[index]);
    }

    private static string Date(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Tenant {TenantId} objected to sub-processor change {ChangeId} (routed around: {Routed})")]
    private static partial void LogObjection(ILogger logger, string tenantId, string changeId, bool routed);
}
