namespace Grid.Requests;

/// <summary>
/// A correction of the person's entries in the metadata of their recordings (given when the request is carried out,
/// never stored by the request).
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Requests.ParticipantCorrection")]
public sealed record ParticipantCorrection
{
    /// <summary>The corrected identifier, or null to keep it.</summary>
    [Id(0)]
    public string? Identifier { get; init; }

    /// <summary>The corrected display name, or null to keep it.</summary>
    [Id(1)]
    public string? DisplayName { get; init; }
}
