namespace Grid.Security;

/// <summary>A recorder credential as issued: configure the recorder SDK with both values.</summary>
/// <param name="ClientId">The credential's id: <c>{tenantId}/{name}</c>.</param>
/// <param name="Secret">The secret (high-entropy, shown only once).</param>
[GenerateSerializer, Immutable, Alias("Grid.Security.RecorderSecret")]
public sealed record RecorderSecret([property: Id(0)] string ClientId, [property: Id(1)] string Secret);
