using Grid.Completeness;
using Grid.Errors;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Tenants;

namespace Grid.Grains.Completeness;

/// <summary>
/// A tenant's capture completeness (<see cref="ICompletenessGrain"/>): validates imports and spreads them over hour
/// grains, keeps the policy and the hours that hold expected calls, and assembles reports from the hours of a period.
/// </summary>
public sealed class CompletenessGrain(
    [PersistentState("completeness", GridGrainStorage.Name)] IPersistentState<CompletenessState> state,
    GridTime time) : Grain, ICompletenessGrain
{
    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task<CompletenessImport> ImportAsync(IReadOnlyList<ExpectedCall> calls, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        CompletenessRules.Validate(calls);
        await GrainFactory.GetGrain<ITenantGrain>(TenantId).EnsureActiveAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        int accepted = 0, duplicates = 0;
        var hours = calls.GroupBy(c => CompletenessRules.HourOf(c.StartedAt)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var known = state.State.Hours.ToHashSet(StringComparer.Ordinal);
        if (hours.Any(h => !known.Contains(h.Key)))
        {
            // The hours are listed before anything is added to them: a report never misses an hour with calls.
            state.State.Hours = [.. known.Union(hours.Select(h => h.Key)).Order(StringComparer.Ordinal)];
            await state.WriteOrThrowAsync();
        }

        foreach (var hour in hours)
        {
            var added = await GrainFactory.GetGrain<ICompletenessHourGrain>($"{TenantId}/{hour.Key}").AddAsync(hour.ToList(), cancellationToken);
            accepted += added.Accepted;
            duplicates += added.Duplicates;
        }

        await AuditAsync("completeness.import", $"{accepted} added, {duplicates} known");
        return new CompletenessImport(accepted, duplicates);
    }

    public async Task<CompletenessReport> GetReportAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        if (from == default || to <= from || to - from > CompletenessRules.MaxPeriod)
        {
            throw new GridValidationException($"A completeness report needs from and to (ISO 8601 times), the end after the start, at most {CompletenessRules.MaxPeriod.TotalDays} days apart.");
        }

        var policy = state.State.Policy ?? new CompletenessPolicy();
        var withParties = GridCaller.Principal?.HasRole(GridRoles.Analyst) == true;
        var first = CompletenessRules.HourOf(from);
        var last = CompletenessRules.HourOf(to);
        var calls = new List<ReconciledCall>();
        foreach (var hour in state.State.Hours.Where(h => string.CompareOrdinal(h, first) >= 0 && string.CompareOrdinal(h, last) <= 0))
        {
            calls.AddRange(await GrainFactory.GetGrain<ICompletenessHourGrain>($"{TenantId}/{hour}").ReconcileAsync(policy, withParties, cancellationToken));
        }

        calls = [.. calls.Where(c => c.StartedAt >= from && c.StartedAt < to).OrderBy(c => c.StartedAt).ThenBy(c => c.Line, StringComparer.Ordinal)];
        if (withParties && calls.Count > 0)
        {
            // The parties of expected calls are personal data shown to an analyst: the read is audited like metadata.
            await AuditAsync("completeness.read-parties", $"{calls.Count} expected calls");
        }

        return new CompletenessReport
        {
            From = from,
            To = to,
            Total = CompletenessRules.Count(calls),
            Lines = calls.GroupBy(c => c.Line, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new LineCompleteness(g.Key, CompletenessRules.Count(g.ToList()))).ToList(),
            Calls = calls,
        };
    }

    public Task<CompletenessPolicy> GetPolicyAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        return Task.FromResult(state.State.Policy ?? new CompletenessPolicy());
    }

    public async Task<CompletenessPolicy> SetPolicyAsync(CompletenessPolicy policy, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        var valid = CompletenessRules.Validate(policy);
        await AuditAsync("completeness.policy", $"{valid.AlwaysRecordedLines.Count} always-recorded lines");
        state.State.Policy = valid;
        await state.WriteOrThrowAsync();
        return valid;
    }

    private Task AuditAsync(string action, string purpose) =>
        GrainFactory.GetGrain<Grid.Audit.IAuditLogGrain>(TenantId).AppendAsync(new Grid.Audit.AuditRecord { TenantId = TenantId, At = time.GetUtcNow(), Action = action, Purpose = purpose, Principal = GridCaller.AuditName });
}
