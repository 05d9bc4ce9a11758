namespace Grid.Requests;

/// <summary>Opens a data-subject request.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Requests.DataSubjectRequestSpec")]
public sealed record DataSubjectRequestSpec
{
    /// <summary>What the person asks for.</summary>
    [Id(0)]
    public DataSubjectRequestKind Kind { get; init; }

    /// <summary>
    /// The person's identifier as written (phone number, SIP URI, e-mail address, user id). Hashed under the tenant's
    /// index key at once; the request keeps only the hash.
    /// </summary>
    [Id(1)]
    public string Identifier { get; init; } = string.Empty;

    /// <summary>The tenant's own reference for the request (ticket number; no personal data), up to 128 characters.</summary>
    [Id(2)]
    public string? Reference { get; init; }
}
