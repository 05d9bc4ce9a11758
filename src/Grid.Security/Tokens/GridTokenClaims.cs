using System.Text.Json.Serialization;

namespace Grid.Security.Tokens;

/// <summary>The payload of a Grid credential (registered JWT claims plus <c>tid</c> and <c>roles</c>).</summary>
public sealed record GridTokenClaims
{
    /// <summary>The claim naming the subject.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The claim naming the tenant (<c>*</c> for an operator).</summary>
    public const string TenantClaim = "tid";

    /// <summary>The claim listing the roles (a JSON array).</summary>
    public const string RolesClaim = "roles";

    /// <summary>The token id claim.</summary>
    public const string TokenIdClaim = "jti";

    [JsonPropertyName("iss")]
    public required string Issuer { get; init; }

    [JsonPropertyName("aud")]
    public required string Audience { get; init; }

    [JsonPropertyName(SubjectClaim)]
    public required string Subject { get; init; }

    [JsonPropertyName(TenantClaim)]
    public required string TenantId { get; init; }

    [JsonPropertyName(RolesClaim)]
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>Issued at, Unix seconds.</summary>
    [JsonPropertyName("iat")]
    public long IssuedAt { get; init; }

    /// <summary>Expires at, Unix seconds.</summary>
    [JsonPropertyName("exp")]
    public long ExpiresAt { get; init; }

    [JsonPropertyName(TokenIdClaim)]
    public string? TokenId { get; init; }
}
