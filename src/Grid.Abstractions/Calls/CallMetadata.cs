namespace Grid.Calls;

/// <summary>
/// What a recorder knows about a call when it starts. Everything here is treated as personal data and encrypted on
/// receipt under the recording's own data key.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.CallMetadata")]
public sealed record CallMetadata
{
    /// <summary>Direction of the call.</summary>
    [Id(0)]
    public CallDirection Direction { get; init; }

    /// <summary>The parties of the call (at most 64).</summary>
    [Id(1)]
    public IReadOnlyList<Participant> Participants { get; init; } = [];

    /// <summary>Free-form tags (at most 32; keys up to 64 characters, values up to 512).</summary>
    [Id(2)]
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Media type of the chunks, e.g. <c>audio/wav</c> or <c>audio/PCMU</c> (at most 64 characters).</summary>
    [Id(3)]
    public string MediaType { get; init; } = "application/octet-stream";
}
