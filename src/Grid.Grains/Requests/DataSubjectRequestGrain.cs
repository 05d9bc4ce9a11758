using Grid.Calls;
using Grid.Crypto.Signing;
using Grid.Errors;
using Grid.Events;
using Grid.Grains.Calls;
using Grid.Grains.Events;
using Grid.Requests;
using Grid.Retention;
using Grid.Security.Calls;
using Grid.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Requests;

/// <summary>
/// One data-subject request (<see cref="IDataSubjectRequestGrain"/>): the lifecycle decides
/// (<see cref="DataSubjectRequestLifecycle"/>), this grain finds the person's recordings through the blind index and
/// asks each call grain to delete, restrict, correct or export. Content is read as the Grid's own workflow on the
/// request's behalf (the person's credential is not passed on), and every step is audited with the officer's subject.
/// </summary>
public sealed partial class DataSubjectRequestGrain(
    [PersistentState("dsr", GridGrainStorage.Name)] IPersistentState<DataSubjectRequestState> state,
    CallCatalog catalog,
    Grid.Storage.RequestRegister register,
    ProcessorSigningKey signer,
    IOptions<DataSubjectRequestOptions> options,
    GridTime time,
    ILogger<DataSubjectRequestGrain> logger) : Grain, IDataSubjectRequestGrain, IRemindable
{
    private const string ReminderName = "dsr-deadline";

    private DataSubjectRequestLifecycle Lifecycle => new(state.State);

    private ExportBundle Bundle => field ??= new ExportBundle(GrainFactory, Ids.TenantId);

    private (string TenantId, string RequestId) Ids => field == default ? (field = Parse(this.GetPrimaryKeyString())) : field;

    public async Task<DataSubjectRequestInfo> OpenAsync(DataSubjectRequestSpec spec, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        DataSubjectRequestLifecycle.Validate(spec);
        await GrainFactory.GetGrain<ITenantGrain>(Ids.TenantId).EnsureReadableAsync();
        var term = await catalog.ParticipantTermAsync(Ids.TenantId, spec.Identifier);
        if (Lifecycle.Open(spec, term, time.GetUtcNow()))
        {
            await AuditAsync("dsr.open", spec.Kind.ToString().ToLowerInvariant(), GridCaller.AuditName, null);
            await WriteAsync();
            await this.RegisterOrUpdateReminder(ReminderName, options.Value.CheckPeriod, options.Value.CheckPeriod);
            LogStep(logger, Ids.TenantId, Ids.RequestId, "opened", spec.Kind);
        }

        return Info();
    }

    public Task<DataSubjectRequestInfo> GetAsync(CancellationToken cancellationToken = default)
    {
        _ = Ids;
        Lifecycle.RequireExisting();
        return Task.FromResult(Info());
    }

    public Task<DataSubjectRequestInfo> VerifyIdentityAsync(string method, CancellationToken cancellationToken = default) =>
        StepAsync("dsr.verify-identity", l => l.VerifyIdentity(method));

    public Task<DataSubjectRequestInfo> ExtendAsync(string reason, CancellationToken cancellationToken = default) =>
        StepAsync("dsr.extend", l => l.Extend(reason));

    public async Task<DataSubjectRequestInfo> RefuseAsync(string reason, CancellationToken cancellationToken = default)
    {
        var info = await StepAsync("dsr.refuse", l => l.Refuse(reason, time.GetUtcNow()));
        await StopReminderAsync();
        return info;
    }

    public async Task<DataSubjectRequestInfo> RunAsync(ParticipantCorrection? correction = null, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        var principal = GridCaller.AuditName;
        Lifecycle.RequireRunnable();
        if (state.State.Kind == DataSubjectRequestKind.Correction)
        {
            ValidateCorrection(correction);
        }

        Lifecycle.BeginRun();
        await AuditAsync("dsr.run", state.State.Kind.ToString().ToLowerInvariant(), principal, null);
        await WriteAsync();

        // From here the Grid acts on the request's behalf; the officer's credential is not carried into the calls.
        RequestContext.Remove(GridCallContextKeys.Token);
        var matches = await catalog.RecordingsOfAsync(Ids.TenantId, state.State.ParticipantTerm, cancellationToken);
        state.State.Recordings = [];
        state.State.Withheld = [];
        state.State.Files = [];
        foreach (var callId in matches)
        {
            if (await ActOnAsync(callId, correction, principal) is { } withheld)
            {
                state.State.Withheld.Add(new WithheldRecording(callId, withheld));
            }
            else
            {
                state.State.Recordings.Add(callId);
            }
        }

        if (state.State.Kind == DataSubjectRequestKind.Erasure)
        {
            state.State.Certificate = await GrainFactory.GetGrain<ICertificateGrain>(Ids.TenantId).IssueAsync("dsr-" + Ids.RequestId);
        }

        if (state.State.Kind is DataSubjectRequestKind.Access or DataSubjectRequestKind.Portability)
        {
            state.State.Manifest = signer.Sign(ManifestBody());
        }

        Lifecycle.Complete(time.GetUtcNow());
        await AuditAsync("dsr.complete", $"{state.State.Recordings.Count} acted on, {state.State.Withheld.Count} withheld", principal, null);
        await WriteAsync();
        await StopReminderAsync();
        LogStep(logger, Ids.TenantId, Ids.RequestId, "completed", state.State.Kind);
        return Info();
    }

    private EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, WriteAsync, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EventOutbox.ReminderName)
        {
            await Outbox.OnReminderAsync();
            return;
        }

        if (reminderName != ReminderName)
        {
            return;
        }

        if (Lifecycle.IsClosed)
        {
            await StopReminderAsync();
            return;
        }

        var now = time.GetUtcNow();
        if (Lifecycle.DueNotice(now, options.Value.WarnBefore) is not { } notice)
        {
            return;
        }

        Lifecycle.Raised(notice);
        await AuditAsync("dsr." + notice, state.State.Deadline.ToString("O", System.Globalization.CultureInfo.InvariantCulture), "grid:requests", null);
        await Outbox.CommitAsync(Ids.TenantId, now, notice == "deadline-missed"
            ? new DataSubjectDeadlineMissed(Ids.RequestId)
            : new DataSubjectDeadlineApproaching(Ids.RequestId));
        LogNotice(logger, Ids.TenantId, Ids.RequestId, notice);
    }

    private static void ValidateCorrection(ParticipantCorrection? correction)
    {
        if (correction is null || (correction.Identifier is null && correction.DisplayName is null))
        {
            throw new GridValidationException("A correction gives the corrected identifier, display name, or both.");
        }

        CallMetadataRules.CheckText(correction.Identifier, "corrected identifier", CallMetadataRules.MaxText, required: false);
        CallMetadataRules.CheckText(correction.DisplayName, "corrected display name", CallMetadataRules.MaxText, required: false);
    }

    private async Task<DataSubjectRequestInfo> StepAsync(string action, Action<DataSubjectRequestLifecycle> step)
    {
        _ = Ids;
        step(Lifecycle);
        await AuditAsync(action, state.State.Status.ToString(), GridCaller.AuditName, null);
        await WriteAsync();
        return Info();
    }

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private Task AuditAsync(string action, string purpose, string principal, string? callId) =>
        Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, Ids.TenantId, action, $"{Ids.RequestId}: {purpose}", principal, time.GetUtcNow(), callId);

    private async Task WriteAsync()
    {
        await state.WriteOrThrowAsync();
        await register.RecordAsync(Info(), CancellationToken.None);
    }

    private DataSubjectRequestInfo Info() => new()
    {
        TenantId = Ids.TenantId,
        RequestId = Ids.RequestId,
        Kind = state.State.Kind,
        Status = state.State.Status,
        Reference = state.State.Reference,
        ReceivedAt = state.State.ReceivedAt,
        Deadline = state.State.Deadline,
        ExtensionReason = state.State.ExtensionReason,
        IdentityVerification = state.State.IdentityVerification,
        ClosedAt = state.State.ClosedAt,
        RefusalReason = state.State.RefusalReason,
        Recordings = [.. state.State.Recordings],
        Withheld = [.. state.State.Withheld],
        Certificate = state.State.Certificate,
        Files = [.. state.State.Files],
        Manifest = state.State.Manifest,
        Notices = [.. state.State.Notices],
    };

    private static (string TenantId, string RequestId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? throw new GridValidationException("A request key is {tenantId}/{requestId}.") : (GridIds.RequireTenantId(key[..slash]), GridIds.RequireCallId(key[(slash + 1)..]));
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Data-subject request {TenantId}/{RequestId} {Step} ({Kind})")]
    private static partial void LogStep(ILogger logger, string tenantId, string requestId, string step, DataSubjectRequestKind kind);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Data-subject request {TenantId}/{RequestId}: {Notice}")]
    private static partial void LogNotice(ILogger logger, string tenantId, string requestId, string notice);
}
