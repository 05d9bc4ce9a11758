using System.Text.Json;
using Grid.Calls;

namespace Grid.Grains.Calls;

/// <summary>Canonical JSON of call metadata (tags sorted), the plaintext that is encrypted.</summary>
internal static class MetadataCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Encode(CallMetadata metadata)
    {
        var canonical = new CanonicalMetadata(
            metadata.Direction,
            metadata.Participants.Select(p => new Participant(p.Role, p.Identifier, p.DisplayName)).ToList(),
            new SortedDictionary<string, string>(metadata.Tags.ToDictionary(), StringComparer.Ordinal),
            metadata.MediaType);
        return JsonSerializer.SerializeToUtf8Bytes(canonical, Options);
    }

    public static CallMetadata Decode(byte[] json)
    {
        var canonical = JsonSerializer.Deserialize<CanonicalMetadata>(json, Options)
            ?? throw new InvalidDataException("Empty metadata.");
        return new CallMetadata
        {
            Direction = canonical.Direction,
            Participants = canonical.Participants,
            Tags = new Dictionary<string, string>(canonical.Tags, StringComparer.Ordinal),
            MediaType = canonical.MediaType,
        };
    }

    private sealed record CanonicalMetadata(
        CallDirection Direction,
        List<Participant> Participants,
        SortedDictionary<string, string> Tags,
        string MediaType);
}
