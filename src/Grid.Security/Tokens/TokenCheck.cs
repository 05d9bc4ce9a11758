namespace Grid.Security.Tokens;

/// <summary>Why a credential was refused.</summary>
public enum TokenFailure
{
    None = 0,
    Missing,
    Malformed,
    UnknownKey,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    Expired,
    NotYetValid,
    LifetimeTooLong,
    BadClaims,
}

/// <summary>The outcome of checking a credential: a verified principal, or the reason it was refused.</summary>
public sealed record TokenCheck(GridPrincipal? Principal, TokenFailure Failure, DateTimeOffset ValidUntil)
{
    public bool IsValid => Principal is not null;

    public static TokenCheck Refused(TokenFailure failure) => new(null, failure, DateTimeOffset.MinValue);

    /// <summary>A sentence for the refused caller: what was wrong and what to do.</summary>
    public string Describe() => Failure switch
    {
        TokenFailure.Missing => "the call carries no Grid credential: configure the SDK with a recorder credential or pass a token",
        TokenFailure.Malformed => "the credential is not a well-formed ES256 token",
        TokenFailure.UnknownKey => "the credential is signed by a key this Grid does not trust",
        TokenFailure.BadSignature => "the credential's signature does not verify",
        TokenFailure.WrongIssuer => "the credential's issuer is not trusted for its key",
        TokenFailure.WrongAudience => "the credential is meant for another audience",
        TokenFailure.Expired => "the credential has expired: get a fresh one",
        TokenFailure.NotYetValid => "the credential is not valid yet (check the issuer's clock)",
        TokenFailure.LifetimeTooLong => "the credential lives longer than this Grid accepts",
        TokenFailure.BadClaims => "the credential's tenant, subject or roles are malformed or unknown",
        _ => "the credential is valid",
    };
}
