using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Grid.Siprec;

/// <summary>
/// One routing rule (configuration <c>Srs:Routes:{n}</c>): sessions from <see cref="Sources"/> (and, when given, to
/// one of <see cref="RequestUsers"/> / <see cref="ToUsers"/>) are recorded for <see cref="TenantId"/> under the
/// tenant's recorder credential <see cref="ClientId"/>. Rules are tried in order; the first that matches wins; a
/// session no rule matches is refused (403) and nothing is recorded.
/// </summary>
public sealed class SrsRoute : IValidatableObject
{
    /// <summary>The rule's name (logs, metrics, the recording's <c>srs.route</c> tag).</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9._-]{0,63}$", ErrorMessage = "Srs:Routes: a route's Name is 1 to 64 characters of a-z, 0-9, '.', '_', '-' (starting with a letter or digit).")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The tenant the sessions are recorded for.</summary>
    [Required]
    public string TenantId { get; set; } = string.Empty;

    /// <summary>The tenant's recorder credential (<c>{tenantId}/{name}</c>, issued by the tenant admin).</summary>
    [Required]
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The credential's secret: from a secret store or the environment (<c>Srs__Routes__0__Secret</c>), never a file in source control.</summary>
    [Required]
    public string Secret { get; set; } = string.Empty;

    /// <summary>The SRC addresses or networks (CIDR, e.g. <c>203.0.113.0/28</c>, or one address); at least one.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>When not empty, the request-URI's user must be one of these.</summary>
    public List<string> RequestUsers { get; set; } = [];

    /// <summary>When not empty, the To header's user must be one of these.</summary>
    public List<string> ToUsers { get; set; } = [];

    /// <summary>Whether a session from <paramref name="source"/> to these users matches.</summary>
    public bool Matches(IPAddress source, string requestUser, string toUser) =>
        Networks().Any(n => n.Contains(source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source))
        && (RequestUsers.Count == 0 || RequestUsers.Contains(requestUser, StringComparer.Ordinal))
        && (ToUsers.Count == 0 || ToUsers.Contains(toUser, StringComparer.Ordinal));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new List<ValidationResult>();
        if (!GridIds.IsValidTenantId(TenantId))
        {
            errors.Add(new ValidationResult($"Srs:Routes ({Name}): TenantId '{TenantId}' is not a tenant id.", [nameof(TenantId)]));
        }

        if (!ClientId.StartsWith(TenantId + "/", StringComparison.Ordinal))
        {
            errors.Add(new ValidationResult($"Srs:Routes ({Name}): ClientId is a recorder credential of the route's tenant, '{TenantId}/{{name}}'.", [nameof(ClientId)]));
        }

        if (Sources.Count == 0)
        {
            errors.Add(new ValidationResult($"Srs:Routes ({Name}): Sources lists at least one SRC address or network; a route open to any source would record whatever reaches the port.", [nameof(Sources)]));
        }

        foreach (var source in Sources)
        {
            if (!IPNetwork.TryParse(source.Contains('/', StringComparison.Ordinal) ? source : source + (source.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), out _))
            {
                errors.Add(new ValidationResult($"Srs:Routes ({Name}): Sources entry '{source}' is not an address or CIDR network.", [nameof(Sources)]));
            }
        }

        return errors;
    }

    private IEnumerable<IPNetwork> Networks() => Sources.Select(s =>
        IPNetwork.Parse(s.Contains('/', StringComparison.Ordinal) ? s : s + (s.Contains(':', StringComparison.Ordinal) ? "/128" : "/32")));
}

/// <summary>The routing table (configuration <c>Srs:Routes</c>) and how the SRS records into the Grid (<c>Srs:Grid</c>).</summary>
public sealed class SrsRoutingOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Srs";

    /// <summary>The rules, tried in order.</summary>
    public List<SrsRoute> Routes { get; set; } = [];

    /// <summary>
    /// How long one Grid operation of a session (a chunk, the start, the seal) is retried through an outage before the
    /// session fails loudly (BYE with a Reason, a metric, a log event). With <c>Srs:Media:MaxPendingChunks</c> this
    /// bounds what a session buffers.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Srs:GridRetryDeadline is between 1 second and 10 minutes.")]
    public TimeSpan GridRetryDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Chunks of one session sent and not yet acknowledged at once.</summary>
    [Range(1, 64, ErrorMessage = "Srs:GridMaxInFlight is 1 to 64.")]
    public int GridMaxInFlight { get; set; } = 4;

    /// <summary>
    /// How often the SRS tells the Grid it is alive, per route (<c>IRecorderHealthGrain.HeartbeatAsync</c>); the Grid
    /// announces an SRS silent after <c>Grid:Limits:RecorderSilentAfter</c> (2 minutes) without one. Default 30 s.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Srs:HeartbeatInterval is between 1 second and 10 minutes.")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The name this SRS instance reports in its heartbeats (default: the machine name, as a label).</summary>
    public string? InstanceName { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Routes.Count == 0)
        {
            yield return new ValidationResult("Srs:Routes lists at least one route: which SRC records for which tenant (see docs/siprec.md).", [nameof(Routes)]);
        }

        foreach (var duplicate in Routes.GroupBy(r => r.Name).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"Srs:Routes: the name '{duplicate.Key}' is used twice.", [nameof(Routes)]);
        }

        foreach (var route in Routes)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(route, new ValidationContext(route), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return result;
            }
        }
    }

    /// <summary>The first route that matches, or null.</summary>
    public SrsRoute? Find(IPAddress source, string requestUser, string toUser) =>
        Routes.FirstOrDefault(r => r.Matches(source, requestUser, toUser));
}
