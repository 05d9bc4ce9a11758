namespace Grid.Calls;

/// <summary>
/// One party of a call. All fields are personal data: they are encrypted on receipt and never stored, logged or
/// emitted in plaintext.
/// </summary>
/// <param name="Role">The party's role, e.g. <c>agent</c> or <c>customer</c> (at most 64 characters).</param>
/// <param name="Identifier">Phone number, SIP URI or user id of the party (at most 256 characters).</param>
/// <param name="DisplayName">Optional human-readable name (at most 256 characters).</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.Participant")]
public sealed record Participant(
    [property: Id(0)] string Role,
    [property: Id(1)] string Identifier,
    [property: Id(2)] string? DisplayName = null);
