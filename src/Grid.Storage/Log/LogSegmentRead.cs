using System.Globalization;
using Azure;

namespace Grid.Storage.Log;

/// <summary>
/// A log segment as the collector judges it: every frame in it (call id and extent), its ETag, its last modification
/// and, when compaction copied its live frames elsewhere, when that happened.
/// </summary>
public sealed record LogSegmentRead(string Name, List<(string CallId, LogExtent Extent)> Entries, ETag ETag, DateTimeOffset LastModified, DateTimeOffset? CompactedAt)
{
    /// <summary>The segment's metadata key that marks it compacted (its frames live on elsewhere).</summary>
    public const string CompactedKey = "gridcompacted";

    public static DateTimeOffset? CompactedMark(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(CompactedKey, out var value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    public static IDictionary<string, string> Mark(DateTimeOffset at) =>
        new Dictionary<string, string> { [CompactedKey] = at.ToString("O", CultureInfo.InvariantCulture) };
}
