using Grid.Calls;
using Grid.Storage;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Calls;

/// <summary>What a call grain tells the tenant's catalog and blind index: started, sealed, deleted.</summary>
public sealed class CallCatalog(RecordingCatalog catalog, BlindIndex index, IOptions<CatalogOptions> options)
{
    /// <summary>Indexes a starting call (idempotent: a repeated start rewrites the same rows); returns what the rows hold.</summary>
    public async Task<IndexedRows> StartedAsync(string tenantId, string callId, DateTimeOffset startedAt, CallMetadata metadata)
    {
        var terms = await index.TermsAsync(tenantId, metadata, options.Value.NationalPrefix);
        var entry = new RecordingEntry { CallId = callId, StartedAt = startedAt, Status = CallStatus.Recording, Direction = metadata.Direction };
        return await catalog.IndexAsync(tenantId, entry, terms, CancellationToken.None);
    }

    /// <summary>
    /// Records the seal on the catalog rows; <paramref name="indexed"/> is what the start indexed when the grain still
    /// knows it (the rows are then not read first).
    /// </summary>
    public Task SealedAsync(CallSummary summary, IndexedRows? indexed = null) =>
        catalog.SealAsync(summary.TenantId, new RecordingEntry
        {
            CallId = summary.CallId,
            StartedAt = summary.StartedAt!.Value,
            SealedAt = summary.SealedAt,
            Status = CallStatus.Sealed,
            // How long the media plays when its type says it; start to seal otherwise (media that arrives faster than
            // real time, from a buffered frontend or an import, would show as nearly nothing).
            Duration = summary.MediaDuration ?? summary.SealedAt - summary.StartedAt,
            MediaBytes = summary.MediaBytes,
        }, indexed, CancellationToken.None);

    /// <summary>
    /// The metadata with the entries of the participant whose term is <paramref name="participantTerm"/> corrected,
    /// and how many entries changed.
    /// </summary>
    public async Task<(CallMetadata Metadata, int Changed)> CorrectAsync(string tenantId, CallMetadata metadata, string participantTerm, Grid.Requests.ParticipantCorrection correction)
    {
        var changed = 0;
        var participants = new List<Participant>();
        foreach (var participant in metadata.Participants)
        {
            if (await index.ParticipantTermAsync(tenantId, participant.Identifier, options.Value.NationalPrefix) == participantTerm)
            {
                participants.Add(participant with { Identifier = correction.Identifier ?? participant.Identifier, DisplayName = correction.DisplayName ?? participant.DisplayName });
                changed++;
            }
            else
            {
                participants.Add(participant);
            }
        }

        return (metadata with { Participants = participants }, changed);
    }

    /// <summary>Rewrites the recording's index terms after its metadata changed (status, times and sizes kept).</summary>
    public async Task ReindexAsync(string tenantId, string callId, DateTimeOffset? startedAt, CallMetadata metadata)
    {
        if (startedAt is not { } at || await catalog.ReadAsync(tenantId, callId, at, CancellationToken.None) is not { } entry)
        {
            return;
        }

        var terms = await index.TermsAsync(tenantId, metadata, options.Value.NationalPrefix);
        await catalog.RemoveAsync(tenantId, callId, at, CancellationToken.None);
        await catalog.IndexAsync(tenantId, entry, terms, CancellationToken.None);
    }

    /// <summary>Every recording of the person with <paramref name="participantTerm"/>, all pages.</summary>
    public async Task<IReadOnlyList<string>> RecordingsOfAsync(string tenantId, string participantTerm, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await catalog.SearchAsync(tenantId, new RecordingQuery { PageSize = RecordingQuery.MaxPageSize, Continuation = continuation }, [participantTerm], cancellationToken);
            ids.AddRange(page.Items.Select(i => i.CallId));
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return ids;
    }

    /// <summary>Every recording of the tenant in the catalog, all pages.</summary>
    public async Task<IReadOnlyList<string>> AllRecordingsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await catalog.SearchAsync(tenantId, new RecordingQuery { PageSize = RecordingQuery.MaxPageSize, Continuation = continuation }, [], cancellationToken);
            ids.AddRange(page.Items.Select(i => i.CallId));
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return ids;
    }

    /// <summary>The recordings (newest first, at most one page) indexed under <paramref name="term"/> that started in the window.</summary>
    public async Task<IReadOnlyList<RecordingEntry>> FindAsync(string tenantId, string term, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await catalog.SearchAsync(tenantId, new RecordingQuery { From = from, To = to, PageSize = RecordingQuery.MaxPageSize }, [term], cancellationToken)).Items;

    /// <summary>The blind-index term of a tag's value in the tenant.</summary>
    public async Task<string> TagTermAsync(string tenantId, string name, string value) =>
        (await index.QueryTermsAsync(tenantId, null, new Dictionary<string, string>(StringComparer.Ordinal) { [name] = value }, options.Value.NationalPrefix))[0];

    /// <summary>The blind-index term of a person's identifier in the tenant.</summary>
    public Task<string> ParticipantTermAsync(string tenantId, string identifier) =>
        index.ParticipantTermAsync(tenantId, identifier, options.Value.NationalPrefix);

    /// <summary>Removes the recording and its index terms.</summary>
    public Task DeletedAsync(string tenantId, string callId, DateTimeOffset? startedAt) =>
        startedAt is { } at ? catalog.RemoveAsync(tenantId, callId, at, CancellationToken.None) : Task.CompletedTask;
}
