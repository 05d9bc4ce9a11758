using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grid.Calls;
using Grid.Completeness;
using Grid.Grains.Calls;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Completeness;

/// <summary>
/// One hour of a tenant's expected calls (<see cref="ICompletenessHourGrain"/>). Parties are kept as blind-index terms
/// (for matching) and encrypted under a data key of the hour wrapped by the tenant's key (for the analyst's report).
/// Reconciliation looks for each call's recording by reference (the policy's reference tags), else by each party and a
/// start within the tolerance (and the direction when both say it), never giving one recording to two calls; a call
/// with none is pending until its end plus the recheck delay, then missing, and on an always-recorded line alerted
/// once. A reminder rechecks until no call is pending.
/// </summary>
public sealed class CompletenessHourGrain(
    [PersistentState("completeness-hour", GridGrainStorage.Name)] IPersistentState<CompletenessHourState> state,
    CallCatalog catalog,
    GridTime time,
    ILogger<CompletenessHourGrain> logger) : Grain, ICompletenessHourGrain, IRemindable
{
    private const string RecheckReminder = "completeness-recheck";

    private (string TenantId, string Hour) Ids => field == default ? (field = Parse(this.GetPrimaryKeyString())) : field;

    private CallKeys Keys => field ??= new CallKeys(GrainFactory, Ids.TenantId, "completeness-" + Ids.Hour.Replace(":", "", StringComparison.Ordinal));

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, state.WriteOrThrowAsync, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Grid.Grains.Events.EventOutbox.ReminderName)
        {
            await Outbox.OnReminderAsync();
            return;
        }

        var policy = await GrainFactory.GetGrain<ICompletenessGrain>(Ids.TenantId).GetPolicyAsync();
        await ReconcileAsync(policy, withParties: false, CancellationToken.None);
        if (!state.State.Calls.Exists(c => c.Status == ExpectedCallStatus.Pending) && await this.GetReminder(RecheckReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task<CompletenessImport> AddAsync(IReadOnlyList<ExpectedCall> calls, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (state.State.Calls.Count + calls.Count > CompletenessRules.MaxPerHour)
        {
            throw new Grid.Errors.GridLimitExceededException(Grid.Errors.GridErrorCode.InvalidInput, $"At most {CompletenessRules.MaxPerHour} expected calls per hour and tenant are kept; hour {Ids.Hour} would have {state.State.Calls.Count + calls.Count}.");
        }

        using var cipher = state.State.Header is null ? await Keys.NewRecordingAsync() : await Keys.OpenAsync(state.State.Header, "completeness-import");
        state.State.Header ??= cipher.Header.Encode();
        int accepted = 0, duplicates = 0;
        foreach (var call in calls)
        {
            var terms = new List<string>();
            foreach (var party in call.Parties)
            {
                terms.Add(await catalog.ParticipantTermAsync(Ids.TenantId, party));
            }

            var key = call.Reference is { } reference
                ? "ref:" + reference
                : "sum:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{call.Line}\n{call.StartedAt.UtcTicks}\n{string.Join(',', terms.Order(StringComparer.Ordinal))}")));
            if (state.State.Calls.Exists(c => c.Key == key))
            {
                duplicates++;
                continue;
            }

            var parties = JsonSerializer.SerializeToUtf8Bytes(call.Parties);
            try
            {
                state.State.Calls.Add(new ExpectedCallState
                {
                    Key = key,
                    Reference = call.Reference,
                    Line = call.Line,
                    Direction = call.Direction,
                    StartedAt = call.StartedAt,
                    DurationSeconds = call.DurationSeconds,
                    PartyTerms = terms,
                    SealedParties = cipher.EncryptMetadata(parties),
                });
            }
            finally
            {
                CryptographicOperations.ZeroMemory(parties);
            }

            accepted++;
        }

        await state.WriteOrThrowAsync();
        if (accepted > 0)
        {
            // Production's trigger: a recheck every 15 minutes while any call is pending (a report also reconciles).
            await this.RegisterOrUpdateReminder(RecheckReminder, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
        }

        return new CompletenessImport(accepted, duplicates);
    }

    public async Task<IReadOnlyList<ReconciledCall>> ReconcileAsync(CompletenessPolicy policy, bool withParties, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        var now = time.GetUtcNow();
        var tolerance = TimeSpan.FromSeconds(policy.MatchToleranceSeconds);
        var taken = state.State.Calls.Where(c => c.CallId is not null).Select(c => c.CallId!).ToHashSet(StringComparer.Ordinal);
        var changed = false;
        foreach (var call in state.State.Calls)
        {
            if (call.Status == ExpectedCallStatus.Recorded && call.EndToDurableSeconds is not null)
            {
                continue;
            }

            if (call.CallId is null && await FindAsync(call, policy, tolerance, taken, cancellationToken) is { } found)
            {
                call.CallId = found;
                taken.Add(found);
                changed = true;
            }

            if (call.CallId is not null)
            {
                var summary = await GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(Ids.TenantId, call.CallId)).DescribeForCompletenessAsync(cancellationToken);
                var gapSeconds = MediaGaps.MissingMilliseconds(summary.MediaGaps) / 1000.0;
                call.Status = ExpectedCallStatus.Recorded;
                call.MediaGapSeconds = gapSeconds;
                call.Partial = summary.Gaps.Count > 0 || summary.UnlistedMediaGaps > 0 || (gapSeconds > 0 && gapSeconds >= policy.PartialGapSeconds);
                call.Pauses = summary.Pauses.ToList();
                call.EndToDurableSeconds = summary.SealedAt is { } sealedAt
                    ? Math.Max(0, Math.Round((sealedAt - call.StartedAt.AddSeconds(call.DurationSeconds)).TotalSeconds, 3))
                    : null;
                changed = true;
                continue;
            }

            var due = call.StartedAt.AddSeconds(call.DurationSeconds).AddMinutes(policy.RecheckAfterMinutes);
            var status = now >= due ? ExpectedCallStatus.Missing : ExpectedCallStatus.Pending;
            if (status != call.Status)
            {
                call.Status = status;
                changed = true;
            }

            if (status == ExpectedCallStatus.Missing && !call.Alerted && policy.AlwaysRecordedLines.Contains(call.Line, StringComparer.Ordinal))
            {
                call.Alerted = true;
                Outbox.Add(Ids.TenantId, now, new Grid.Events.CompletenessRecordingMissing(call.Reference, call.Line, call.StartedAt));
                CompletenessLog.Missing(logger, Ids.TenantId, call.Line);
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteOrThrowAsync();
            await Outbox.DeliverAsync();
        }

        return await ReportAsync(withParties);
    }

    /// <summary>The recording of an expected call: by reference, else by a party and the start time; null when none.</summary>
    private async Task<string?> FindAsync(ExpectedCallState call, CompletenessPolicy policy, TimeSpan tolerance, HashSet<string> taken, CancellationToken cancellationToken)
    {
        if (call.Reference is { } reference)
        {
            foreach (var tag in policy.ReferenceTags)
            {
                var term = await catalog.TagTermAsync(Ids.TenantId, tag, reference);
                var byReference = await catalog.FindAsync(Ids.TenantId, term, call.StartedAt.AddDays(-1), call.StartedAt.AddDays(1), cancellationToken);
                if (byReference.FirstOrDefault(e => !taken.Contains(e.CallId)) is { } entry)
                {
                    return entry.CallId;
                }
            }
        }

        foreach (var term in call.PartyTerms)
        {
            var candidates = await catalog.FindAsync(Ids.TenantId, term, call.StartedAt - tolerance, call.StartedAt + tolerance, cancellationToken);
            var best = candidates
                .Where(e => !taken.Contains(e.CallId) && (e.StartedAt - call.StartedAt).Duration() <= tolerance)
                .Where(e => call.Direction is null or CallDirection.Unknown || e.Direction == CallDirection.Unknown || e.Direction == call.Direction)
                .OrderBy(e => (e.StartedAt - call.StartedAt).Duration())
                .FirstOrDefault();
            if (best is not null)
            {
                return best.CallId;
            }
        }

        return null;
    }

    private async Task<IReadOnlyList<ReconciledCall>> ReportAsync(bool withParties)
    {
        using var cipher = withParties && state.State.Header is not null ? await Keys.OpenAsync(state.State.Header, "completeness-report") : null;
        return state.State.Calls.Select(c => new ReconciledCall
        {
            Reference = c.Reference,
            Line = c.Line,
            StartedAt = c.StartedAt,
            DurationSeconds = c.DurationSeconds,
            Direction = c.Direction,
            Status = c.Status,
            CallId = c.CallId,
            Partial = c.Partial,
            MediaGapSeconds = c.MediaGapSeconds,
            Pauses = c.Pauses.ToList(),
            EndToDurableSeconds = c.EndToDurableSeconds,
            Parties = cipher is null || c.SealedParties is null ? null : JsonSerializer.Deserialize<List<string>>(cipher.DecryptMetadata(c.SealedParties)),
        }).ToList();
    }

    private static (string TenantId, string Hour) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (GridIds.RequireTenantId(key[..slash]), key[(slash + 1)..]);
    }
}

/// <summary>The completeness grains' log messages: ids and labels only, never parties.</summary>
internal static partial class CompletenessLog
{
    [LoggerMessage(EventId = 2320, Level = LogLevel.Warning, Message = "Tenant {TenantId}: a call on always-recorded line {Line} has no recording by its recheck time")]
    public static partial void Missing(ILogger logger, string tenantId, string line);
}
