using System.Text.Json.Serialization;

namespace Grid.Security.Tokens;

/// <summary>The payload of a Grid credential (registered JWT claims plus <c>tid</c> and <c>roles</c>).</summary>
public sealed record GridTokenClaims
{
    [JsonPropertyName("iss")]
    public required string Issuer { get; init; }

    [JsonPropertyName("aud")]
    public required string Audience { get; init; }

    [JsonPropertyName("sub")]
    public required string Subject { get; init; }

    [JsonPropertyName("tid")]
    public required string TenantId { get; init; }

    [JsonPropertyName("roles")]
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Issued at, Unix seconds.</summary>
    [JsonPropertyName("iat")]
    public long IssuedAt { get; init; }

    /// <summary>Expires at, Unix seconds.</summary>
    [JsonPropertyName("exp")]
    public long ExpiresAt { get; init; }

    [JsonPropertyName("jti")]
    public string? TokenId { get; init; }
}
