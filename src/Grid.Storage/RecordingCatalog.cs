using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Grid.Calls;
using Grid.Errors;

namespace Grid.Storage;

/// <summary>
/// The tenants' catalog of recordings and the blind participant index (Azure Table <c>gridcatalog</c>, partition =
/// tenant id). Per recording one row <c>c|{newest-first time}|{call}</c> plus one row per blind term
/// <c>t|{term}|{newest-first time}|{call}</c>, written in one transaction. A term is a keyed hash (see the grains'
/// <c>BlindIndex</c>): the table holds ids, times, status, direction, sizes and hashes, never an identifier or a tag
/// in clear. Rows carry every term of their recording, so a search on several terms reads one term's rows.
/// </summary>
public sealed class RecordingCatalog(StorageAccounts accounts)
{
    public const string TableName = "gridcatalog";

    /// <summary>Most terms one recording may have (a table transaction holds 100 operations, one is the call row).</summary>
    public const int MaxTerms = 99;

    private const string CallPrefix = "c|";
    private const string TermPrefix = "t|";

    private readonly PerAccount<TableClient> table = PerAccount.Table(accounts, TableName);

    /// <summary>Writes (or rewrites) a recording's rows at its start.</summary>
    public async Task<IndexedRows> IndexAsync(string tenantId, RecordingEntry entry, IReadOnlyCollection<string> terms, CancellationToken cancellationToken)
    {
        var distinct = terms.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > MaxTerms)
        {
            throw new GridValidationException($"A recording has at most {MaxTerms} index terms.");
        }

        var client = await table.ForAsync(tenantId, cancellationToken);
        var rows = RowKeys(entry.CallId, entry.StartedAt, distinct).Select(rk => Entity(tenantId, rk, entry, distinct));
        var actions = rows.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList();
        await RecordingStore.GuardAsync(() => client.SubmitTransactionAsync(actions, cancellationToken));
        return new IndexedRows(distinct, entry.Direction);
    }

    /// <summary>The recording's catalog entry, or null when it has none.</summary>
    public async Task<RecordingEntry?> ReadAsync(string tenantId, string callId, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        return await FindAsync(client, tenantId, callId, startedAt, cancellationToken) is { } row ? ToEntry(row) : null;
    }

    /// <summary>
    /// Records the seal (status, time, duration, size) on every row of the recording. <paramref name="indexed"/> is
    /// what the caller indexed at the start (its terms and direction), when it still knows it: the rows are rewritten
    /// without reading them first (one request instead of two). Otherwise the rows are read for their terms.
    /// </summary>
    public async Task SealAsync(string tenantId, RecordingEntry entry, IndexedRows? indexed, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        if (indexed is null)
        {
            var existing = await FindAsync(client, tenantId, entry.CallId, entry.StartedAt, cancellationToken);
            indexed = existing is null ? new IndexedRows([], entry.Direction) : new IndexedRows(Terms(existing), (CallDirection)existing.GetInt32("Direction")!.Value);
        }

        var terms = indexed.Terms;
        var actions = RowKeys(entry.CallId, entry.StartedAt, terms)
            .Select(rk => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(tenantId, rk, entry with { Direction = indexed.Direction }, terms)))
            .ToList();
        await RecordingStore.GuardAsync(() => client.SubmitTransactionAsync(actions, cancellationToken));
    }

    /// <summary>Removes the recording and its index terms (at deletion). Idempotent.</summary>
    public async Task RemoveAsync(string tenantId, string callId, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        if (await FindAsync(client, tenantId, callId, startedAt, cancellationToken) is not { } existing)
        {
            return;
        }

        var actions = RowKeys(callId, startedAt, Terms(existing))
            .Select(rk => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenantId, rk), ETag.All))
            .ToList();
        await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                await client.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // Some rows were already gone (a repeated deletion): remove the rest one by one.
                foreach (var action in actions)
                {
                    try
                    {
                        await client.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken);
                    }
                    catch (RequestFailedException gone) when (gone.Status == 404)
                    {
                        // Already removed.
                    }
                }
            }
        });
    }

    /// <summary>
    /// One page of the tenant's recordings, newest first, matching the filters; <paramref name="terms"/> are the
    /// blind terms that must all be present (the first one is read, the others checked on its rows).
    /// </summary>
    public async Task<RecordingPage> SearchAsync(string tenantId, RecordingQuery query, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var prefix = Prefix(terms);
        var lower = query.To is { } to ? prefix + Newest(to) + "|~" : prefix;
        var upper = query.From is { } from ? prefix + Newest(from) + "|~" : prefix + "~";
        if (CheckContinuation(query.Continuation, terms) is { } after)
        {
            lower = string.CompareOrdinal(after, lower) > 0 ? after : lower;
        }

        var filter = new List<string>
        {
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {lower} and RowKey lt {upper}"),
        };
        if (query.Status is { } status)
        {
            filter.Add(TableClient.CreateQueryFilter($"Status eq {(int)status}"));
        }

        if (query.Direction is { } direction)
        {
            filter.Add(TableClient.CreateQueryFilter($"Direction eq {(int)direction}"));
        }

        if (query.MinDuration is { } min)
        {
            filter.Add(TableClient.CreateQueryFilter($"DurationMs ge {(long)min.TotalMilliseconds}"));
        }

        if (query.MaxDuration is { } max)
        {
            filter.Add(TableClient.CreateQueryFilter($"DurationMs le {(long)max.TotalMilliseconds}"));
        }

        var client = await table.ForAsync(tenantId, cancellationToken);
        return await RecordingStore.GuardAsync(async () =>
        {
            var items = new List<RecordingEntry>();
            string? last = null;
            await foreach (var row in client.QueryAsync<TableEntity>(string.Join(" and ", filter), maxPerPage: Math.Min(1000, query.PageSize + 1), cancellationToken: cancellationToken))
            {
                if (terms.Count > 1 && !terms.Skip(1).All(Terms(row).Contains))
                {
                    continue;
                }

                if (items.Count == query.PageSize)
                {
                    return new RecordingPage(items, EncodeContinuation(last!));
                }

                items.Add(ToEntry(row));
                last = row.RowKey;
            }

            return new RecordingPage(items, null);
        });
    }

    /// <summary>
    /// The row key a continuation resumes after, or null without one; throws <see cref="GridValidationException"/> when
    /// it is malformed or belongs to a search on other terms (checked before a search is audited and run).
    /// </summary>
    public static string? CheckContinuation(string? continuation, IReadOnlyList<string> terms)
    {
        if (continuation is null)
        {
            return null;
        }

        var after = DecodeContinuation(continuation);
        return after.StartsWith(Prefix(terms), StringComparison.Ordinal)
            ? after
            : throw new GridValidationException("The continuation belongs to another search; repeat the search from its first page.");
    }

    private static string Prefix(IReadOnlyList<string> terms) => terms.Count == 0 ? CallPrefix : $"{TermPrefix}{terms[0]}|";

    /// <summary>How many rows (recordings and terms) the tenant has: for tests and termination checks.</summary>
    public async Task<int> CountRowsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        var count = 0;
        await foreach (var unused in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static async Task<TableEntity?> FindAsync(TableClient client, string tenantId, string callId, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        await RecordingStore.GuardAsync(async () =>
        {
            var found = await client.GetEntityIfExistsAsync<TableEntity>(tenantId, CallRow(callId, startedAt), cancellationToken: cancellationToken);
            return found.HasValue ? found.Value : null;
        });

    private static IEnumerable<string> RowKeys(string callId, DateTimeOffset startedAt, IReadOnlyCollection<string> terms) =>
        terms.Select(t => $"{TermPrefix}{t}|{Newest(startedAt)}|{callId}").Prepend(CallRow(callId, startedAt));

    private static string CallRow(string callId, DateTimeOffset startedAt) => $"{CallPrefix}{Newest(startedAt)}|{callId}";

    /// <summary>Ticks to the end of time: ascending row keys list the newest first.</summary>
    private static string Newest(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity Entity(string tenantId, string rowKey, RecordingEntry entry, IReadOnlyCollection<string> terms)
    {
        var entity = new TableEntity(tenantId, rowKey)
        {
            ["CallId"] = entry.CallId,
            ["StartedAt"] = entry.StartedAt,
            ["Status"] = (int)entry.Status,
            ["Direction"] = (int)entry.Direction,
            ["MediaBytes"] = entry.MediaBytes,
            ["Terms"] = string.Join(',', terms),
        };
        if (entry.SealedAt is { } sealedAt)
        {
            entity["SealedAt"] = sealedAt;
        }

        if (entry.Duration is { } duration)
        {
            entity["DurationMs"] = (long)duration.TotalMilliseconds;
        }

        return entity;
    }

    private static List<string> Terms(TableEntity row) =>
        row.GetString("Terms") is { Length: > 0 } joined ? [.. joined.Split(',')] : [];

    private static RecordingEntry ToEntry(TableEntity row) => new()
    {
        CallId = row.GetString("CallId"),
        StartedAt = row.GetDateTimeOffset("StartedAt") ?? default,
        SealedAt = row.GetDateTimeOffset("SealedAt"),
        Status = (CallStatus)(row.GetInt32("Status") ?? 0),
        Direction = (CallDirection)(row.GetInt32("Direction") ?? 0),
        Duration = row.GetInt64("DurationMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        MediaBytes = row.GetInt64("MediaBytes") ?? 0,
    };

    private static string EncodeContinuation(string rowKey) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeContinuation(string continuation)
    {
        try
        {
            var padded = continuation.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            throw new GridValidationException("The continuation is malformed; pass it exactly as a previous page returned it.");
        }
    }
}

/// <summary>What a recording's catalog rows were written with: its index terms and its direction.</summary>
public sealed record IndexedRows(IReadOnlyList<string> Terms, CallDirection Direction);
