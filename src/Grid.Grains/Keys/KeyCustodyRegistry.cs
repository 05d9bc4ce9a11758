using Grid.Crypto.Custody;
using Grid.Errors;
using Grid.Keys;

namespace Grid.Grains.Keys;

/// <summary>The key custody providers configured on this silo.</summary>
public sealed class KeyCustodyRegistry(IEnumerable<IKeyCustody> providers)
{
    private readonly Dictionary<KeyCustodyKind, IKeyCustody> byKind = providers.ToDictionary(p => p.Kind);

    public IKeyCustody Get(KeyCustodyKind kind) =>
        byKind.TryGetValue(kind, out var custody)
            ? custody
            : throw new KeyUnavailableException($"Key custody '{kind}' is not configured on this grid; use one of: {string.Join(", ", byKind.Keys)}.");
}
