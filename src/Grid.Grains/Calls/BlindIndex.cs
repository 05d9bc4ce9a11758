using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Grid.Calls;
using Grid.Keys;
using Grid.Security.Calls;

namespace Grid.Grains.Calls;

/// <summary>
/// The blind participant index's terms: HMAC-SHA256 under the tenant's index key (kept wrapped in the tenant's key
/// custody, see <see cref="ITenantKeyGrain.IndexKeyAsync"/>) over the canonical identifier
/// (<see cref="ParticipantIdentifier"/>) or over a tag's key and value, truncated to 128 bits. The same person gives the
/// same term in the same tenant and an unrelated term in any other tenant; nobody without the key can tell who a term
/// is. The silo keeps each tenant's index key in memory for at most <see cref="KeyLifetime"/>.
/// </summary>
public sealed class BlindIndex(IGrainFactory grains, GridTime time)
{
    /// <summary>How long an unwrapped index key is kept in memory (a revoked key stops search within this time).</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (byte[] Key, DateTimeOffset Until)> keys = new(StringComparer.Ordinal);

    /// <summary>Every term of a call's metadata: its participants, then its tags.</summary>
    public async Task<IReadOnlyList<string>> TermsAsync(string tenantId, CallMetadata metadata, string nationalPrefix)
    {
        var key = await KeyAsync(tenantId, "index-call");
        var terms = new List<string>();
        foreach (var participant in metadata.Participants)
        {
            terms.Add(Term(key, "participant", ParticipantIdentifier.ForIndex(participant.Identifier, nationalPrefix)));
        }

        foreach (var (name, value) in metadata.Tags)
        {
            terms.Add(Term(key, "tag", name + "\0" + value));
        }

        return terms.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The terms a search looks for: the participant first (the most selective), then the tags.</summary>
    public async Task<IReadOnlyList<string>> QueryTermsAsync(string tenantId, string? participant, IReadOnlyDictionary<string, string> tags, string nationalPrefix)
    {
        var terms = new List<string>();
        if (participant is null && tags.Count == 0)
        {
            return terms;
        }

        var key = await KeyAsync(tenantId, "index-search");
        if (participant is not null)
        {
            terms.Add(Term(key, "participant", ParticipantIdentifier.ForIndex(participant, nationalPrefix)));
        }

        terms.AddRange(tags.Select(t => Term(key, "tag", t.Key + "\0" + t.Value)));
        return terms;
    }

    /// <summary>The term of one participant identifier.</summary>
    public async Task<string> ParticipantTermAsync(string tenantId, string identifier, string nationalPrefix) =>
        Term(await KeyAsync(tenantId, "index-request"), "participant", ParticipantIdentifier.ForIndex(identifier, nationalPrefix));

    /// <summary>Forgets a tenant's index key (after its key is revoked or destroyed).</summary>
    public void Forget(string tenantId) => keys.TryRemove(tenantId, out _);

    private static string Term(byte[] key, string kind, string value)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(kind + "\0" + value), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    private async Task<byte[]> KeyAsync(string tenantId, string purpose)
    {
        var now = time.GetUtcNow();
        if (keys.TryGetValue(tenantId, out var cached) && cached.Until > now)
        {
            return cached.Key;
        }

        var key = await grains.GetGrain<ITenantKeyGrain>(tenantId).IndexKeyAsync(new KeyUse(purpose, GridCaller.AuditName));
        keys[tenantId] = (key, now + KeyLifetime);
        return key;
    }
}
