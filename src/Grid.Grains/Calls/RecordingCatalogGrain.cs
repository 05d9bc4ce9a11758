using Grid.Audit;
using Grid.Calls;
using Grid.Errors;
using Grid.Security.Calls;
using Grid.Storage;
using Grid.Tenants;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Grid.Grains.Calls;

/// <summary>
/// Searches one tenant's catalog (its key is the tenant id, so only that partition is ever read). Stateless: many
/// searches run at once on every silo. Each search is audited with the verified subject and the kinds of filter used,
/// never their values.
/// </summary>
[StatelessWorker]
public sealed class RecordingCatalogGrain(RecordingCatalog catalog, BlindIndex index, IOptions<CatalogOptions> options, GridTime time)
    : Grain, IRecordingCatalogGrain
{
    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task<RecordingPage> SearchAsync(RecordingQuery query, CancellationToken cancellationToken = default)
    {
        Validate(query);
        await GrainFactory.GetGrain<ITenantGrain>(TenantId).EnsureReadableAsync();
        var terms = await index.QueryTermsAsync(TenantId, query.Participant, query.Tags, options.Value.NationalPrefix);
        RecordingCatalog.CheckContinuation(query.Continuation, terms);
        await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(new AuditRecord
        {
            TenantId = TenantId,
            At = time.GetUtcNow(),
            Action = "recordings.search",
            Purpose = Describe(query),
            Principal = GridCaller.AuditName,
        });
        return await catalog.SearchAsync(TenantId, query, terms, cancellationToken);
    }

    private static void Validate(RecordingQuery query)
    {
        if (query is null)
        {
            throw new GridValidationException("A search query is required.");
        }

        if (query.PageSize is < 1 or > RecordingQuery.MaxPageSize)
        {
            throw new GridValidationException($"The page size is 1 to {RecordingQuery.MaxPageSize}.");
        }

        if (query.From is { } from && query.To is { } to && from >= to)
        {
            throw new GridValidationException("The time range is empty: 'from' must be before 'to'.");
        }

        if (query.MinDuration < TimeSpan.Zero || query.MaxDuration < TimeSpan.Zero || query.MinDuration > query.MaxDuration)
        {
            throw new GridValidationException("The duration range is empty or negative.");
        }

        if (query.Direction is { } direction && !Enum.IsDefined(direction))
        {
            throw new GridValidationException("The direction is not one of Unknown, Inbound, Outbound, Internal.");
        }

        if (query.Status is { } status && (!Enum.IsDefined(status) || status is CallStatus.None or CallStatus.Deleted))
        {
            throw new GridValidationException("The status filter is Recording or Sealed (deleted recordings are not listed).");
        }

        if (query.Tags is null || query.Tags.Count > CallMetadataRules.MaxTags)
        {
            throw new GridValidationException($"A search names 0 to {CallMetadataRules.MaxTags} tags.");
        }

        foreach (var (key, value) in query.Tags)
        {
            CallMetadataRules.CheckText(key, "tag key", CallMetadataRules.MaxShortText, required: true);
            CallMetadataRules.CheckText(value, "tag value", CallMetadataRules.MaxTagValue, required: false);
        }

        if (query.Participant is not null)
        {
            _ = ParticipantIdentifier.ForIndex(query.Participant);
        }

        if (query.Continuation is { Length: > 1024 })
        {
            throw new GridValidationException("The continuation is malformed; pass it exactly as a previous page returned it.");
        }
    }

    private static string Describe(RecordingQuery query)
    {
        var used = new List<string>();
        if (query.From is not null || query.To is not null)
        {
            used.Add("time");
        }

        if (query.Direction is not null)
        {
            used.Add("direction");
        }

        if (query.Status is not null)
        {
            used.Add("status");
        }

        if (query.MinDuration is not null || query.MaxDuration is not null)
        {
            used.Add("duration");
        }

        if (query.Participant is not null)
        {
            used.Add("participant");
        }

        if (query.Tags.Count > 0)
        {
            used.Add("tags");
        }

        return used.Count == 0 ? "search" : "search:" + string.Join('+', used);
    }
}
