using System.Security.Cryptography;
using Grid.Security;
using Grid.Security.Tokens;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Security;

/// <summary>
/// The callers both authorization matrices (grain level and HTTP) try: no credential, a forged one (the Grid's key id,
/// an attacker's signature), an expired one, a valid one of another tenant with every tenant role, the operator, and
/// each tenant role alone.
/// </summary>
internal static class MatrixCallers
{
    public static readonly string[] All = ["none", "forged", "expired", "other-tenant", GridRoles.Operator, .. GridRoles.All.Where(r => r != GridRoles.Operator)];

    private static readonly string[] TenantRoles = [.. GridRoles.All.Where(r => r != GridRoles.Operator)];

    /// <summary>The credential of <paramref name="caller"/> for <paramref name="tenantId"/> (null: none).</summary>
    public static string? TokenOf(GridFixture fixture, string caller, string tenantId)
    {
        switch (caller)
        {
            case "none":
                return null;
            case "forged":
            {
                using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var now = DateTimeOffset.UtcNow;
                var claims = new GridTokenClaims
                {
                    Issuer = "grid", Audience = "recording-grid", Subject = "forger", TenantId = tenantId, Roles = TenantRoles,
                    IssuedAt = now.ToUnixTimeSeconds(), ExpiresAt = now.AddMinutes(5).ToUnixTimeSeconds(),
                };
                return CompactJws.Sign(claims, attacker, fixture.Tokens.KeyId);
            }

            case "expired":
            {
                using var past = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(fixture.Security), new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)));
                return past.Issue(tenantId, "late", TenantRoles).Value;
            }

            case "other-tenant":
                return fixture.Tokens.Issue("t-someone-else", "intruder", TenantRoles).Value;
            case GridRoles.Operator:
                return fixture.Tokens.Issue(GridPrincipal.AnyTenant, "operator-1", [GridRoles.Operator]).Value;
            default:
                return fixture.Tokens.Issue(tenantId, "person-1", [caller]).Value;
        }
    }
}
