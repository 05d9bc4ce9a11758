namespace Grid.Security;

/// <summary>A short-lived signed Grid credential (a compact ES256 JWT) and when it expires.</summary>
/// <param name="Value">The compact token, sent in the Orleans request context of every call.</param>
/// <param name="ExpiresAt">When the token stops being accepted.</param>
[GenerateSerializer, Immutable, Alias("Grid.Security.GridToken")]
public sealed record GridToken([property: Id(0)] string Value, [property: Id(1)] DateTimeOffset ExpiresAt);
