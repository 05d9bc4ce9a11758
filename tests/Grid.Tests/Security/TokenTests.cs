using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Grid.Security;
using Grid.Security.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Security;

/// <summary>Credentials as an attacker would try them: forged, tampered, expired, for another audience or issuer.</summary>
public sealed class TokenTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "grid-tokens-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    private GridSecurityOptions Options(string keyName = "signing.pem", string audience = "recording-grid") => new()
    {
        TokenSigningKeyPath = Path.Combine(root, keyName),
        Audience = audience,
    };

    private GridTokenValidator Validator(GridTokenIssuer issuer, GridSecurityOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()), issuer, clock);

    [Fact]
    public void A_valid_credential_yields_its_tenant_subject_and_roles()
    {
        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options()), clock);
        using var validator = Validator(issuer);

        var check = validator.Validate(issuer.Issue("acme", "user-7", [GridRoles.Analyst, GridRoles.Auditor]).Value);

        Assert.Equal(TokenFailure.None, check.Failure);
        Assert.Equal(("acme", "user-7"), (check.Principal!.TenantId, check.Principal.Subject));
        Assert.Equal([GridRoles.Analyst, GridRoles.Auditor], check.Principal.Roles);
    }

    [Fact]
    public void An_expired_credential_is_refused_also_after_it_was_cached()
    {
        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options()), clock);
        using var validator = Validator(issuer);
        var token = issuer.Issue("acme", "user-7", [GridRoles.Analyst], TimeSpan.FromMinutes(5)).Value;
        Assert.True(validator.Validate(token).IsValid);

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31));

        Assert.Equal(TokenFailure.Expired, validator.Validate(token).Failure);
        Assert.Equal(TokenFailure.Expired, validator.Validate(token).Failure);
    }

    [Fact]
    public void A_credential_signed_by_another_key_is_refused_whatever_key_id_it_names()
    {
        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options()), clock);
        using var validator = Validator(issuer);
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var claims = Claims("acme", [GridRoles.Analyst]);

        Assert.Equal(TokenFailure.BadSignature, validator.Validate(CompactJws.Sign(claims, attacker, issuer.KeyId)).Failure);
        Assert.Equal(TokenFailure.UnknownKey, validator.Validate(CompactJws.Sign(claims, attacker, EcKeyFile.KeyIdOf(attacker))).Failure);
    }

    [Fact]
    public void A_payload_edited_after_signing_is_refused()
    {
        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options()), clock);
        using var validator = Validator(issuer);
        var parts = issuer.Issue("acme", "rec-1", [GridRoles.Recorder]).Value.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"recorder\"", "\"analyst\"", StringComparison.Ordinal);
        Assert.Contains("analyst", payload, StringComparison.Ordinal);

        var edited = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        Assert.Equal(TokenFailure.BadSignature, validator.Validate(edited).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJub25lIiwia2lkIjoieCJ9.eyJpc3MiOiJncmlkIn0.")]
    [InlineData("eyJhbGciOiJub25lIiwia2lkIjoieCJ9.eyJpc3MiOiJncmlkIn0.AAAA")]
    public void Malformed_credentials_and_alg_none_are_refused(string token)
    {
        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options()), clock);
        using var validator = Validator(issuer);

        Assert.Equal(token.Length == 0 ? TokenFailure.Missing : TokenFailure.Malformed, validator.Validate(token).Failure);
    }

    [Fact]
    public void A_credential_for_another_audience_is_refused()
    {
        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options(audience: "another-service")), clock);
        using var validator = Validator(issuer);

        Assert.Equal(TokenFailure.WrongAudience, validator.Validate(issuer.Issue("acme", "user-7", [GridRoles.Analyst]).Value).Failure);
    }

    [Fact]
    public void A_credential_living_longer_than_allowed_or_with_unknown_roles_is_refused()
    {
        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options()), clock);
        using var validator = Validator(issuer);
        using var key = EcKeyFile.LoadOrCreatePrivate(Path.Combine(root, "signing.pem"));

        var longLived = Claims("acme", [GridRoles.Analyst]) with { ExpiresAt = clock.GetUtcNow().AddHours(8).ToUnixTimeSeconds() };
        var unknownRole = Claims("acme", ["superuser"]);
        var operatorOfATenant = Claims("acme", [GridRoles.Operator]);

        Assert.Equal(TokenFailure.LifetimeTooLong, validator.Validate(CompactJws.Sign(longLived, key, issuer.KeyId)).Failure);
        Assert.Equal(TokenFailure.BadClaims, validator.Validate(CompactJws.Sign(unknownRole, key, issuer.KeyId)).Failure);
        Assert.Equal(TokenFailure.BadClaims, validator.Validate(CompactJws.Sign(operatorOfATenant, key, issuer.KeyId)).Failure);
    }

    [Fact]
    public void During_a_key_rollover_both_keys_verify_and_after_it_only_the_new_one()
    {
        using var oldIssuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options("old.pem")), clock);
        using var newIssuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options("new.pem")), clock);
        var oldToken = oldIssuer.Issue("acme", "user-1", [GridRoles.Analyst]).Value;
        var newToken = newIssuer.Issue("acme", "user-1", [GridRoles.Analyst]).Value;
        var rolling = Options("new.pem");
        rolling.TrustedKeys.Add(new TrustedKeyOptions { Issuer = "grid", PublicKeyPath = Path.Combine(root, "old.pem") });

        using var during = Validator(newIssuer, rolling);
        using var after = Validator(newIssuer, Options("new.pem"));

        Assert.Equal(2, during.KeyIds.Count);
        Assert.True(during.Validate(oldToken).IsValid);
        Assert.True(during.Validate(newToken).IsValid);
        Assert.Equal(TokenFailure.UnknownKey, after.Validate(oldToken).Failure);
        Assert.True(after.Validate(newToken).IsValid);
    }

    [Fact]
    public void A_trusted_key_of_one_issuer_cannot_sign_for_another()
    {
        using var own = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options()), clock);
        var apiOptions = Options("api.pem");
        apiOptions.Issuer = "customer-api";
        using var api = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(apiOptions), clock);
        var options = Options();
        options.TrustedKeys.Add(new TrustedKeyOptions { Issuer = "customer-api", PublicKeyPath = Path.Combine(root, "api.pem") });
        using var validator = Validator(own, options);
        using var apiKey = EcKeyFile.LoadOrCreatePrivate(Path.Combine(root, "api.pem"));

        Assert.True(validator.Validate(api.Issue("acme", "person-1", [GridRoles.Analyst]).Value).IsValid);
        Assert.Equal(TokenFailure.WrongIssuer, validator.Validate(CompactJws.Sign(Claims("acme", [GridRoles.Analyst]), apiKey, api.KeyId)).Failure);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private GridTokenClaims Claims(string tenant, IReadOnlyList<string> roles) => new()
    {
        Issuer = "grid",
        Audience = "recording-grid",
        Subject = "forger",
        TenantId = tenant,
        Roles = roles,
        IssuedAt = clock.GetUtcNow().ToUnixTimeSeconds(),
        ExpiresAt = clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(),
    };
}
