using Grid.Calls;
using Grid.Completeness;

namespace Grid.Grains.Completeness;

/// <summary>A tenant's completeness settings and the hours that hold expected calls. Field ids are a contract with stored data.</summary>
[GenerateSerializer, Alias("Grid.Grains.Completeness.CompletenessState")]
public sealed class CompletenessState
{
    /// <summary>The policy; null until set (the defaults apply).</summary>
    [Id(0)]
    public CompletenessPolicy? Policy { get; set; }

    /// <summary>The hour keys (<c>yyyy-MM-ddTHH</c>, UTC) with expected calls, in order.</summary>
    [Id(1)]
    public List<string> Hours { get; set; } = [];
}

/// <summary>One hour's expected calls and what reconciliation found. Holds no personal data in clear.</summary>
[GenerateSerializer, Alias("Grid.Grains.Completeness.CompletenessHourState")]
public sealed class CompletenessHourState
{
    /// <summary>The encoded header whose data key (wrapped under the tenant's key) encrypts the parties.</summary>
    [Id(0)]
    public byte[]? Header { get; set; }

    [Id(1)]
    public List<ExpectedCallState> Calls { get; set; } = [];

    /// <summary>Tenant events not yet accepted by the event stream.</summary>
    [Id(2)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}

/// <summary>One expected call as kept: parties only as blind-index terms and ciphertext.</summary>
[GenerateSerializer, Alias("Grid.Grains.Completeness.ExpectedCallState")]
public sealed class ExpectedCallState
{
    /// <summary>What makes it the same call in a repeated import: the reference, else a hash of line, start and party terms.</summary>
    [Id(0)]
    public string Key { get; set; } = string.Empty;

    [Id(1)]
    public string? Reference { get; set; }

    [Id(2)]
    public string Line { get; set; } = string.Empty;

    [Id(3)]
    public CallDirection? Direction { get; set; }

    [Id(4)]
    public DateTimeOffset StartedAt { get; set; }

    [Id(5)]
    public int DurationSeconds { get; set; }

    /// <summary>The parties' blind-index terms (what matching uses).</summary>
    [Id(6)]
    public List<string> PartyTerms { get; set; } = [];

    /// <summary>The parties, encrypted (JSON array) under the hour's data key.</summary>
    [Id(7)]
    public byte[]? SealedParties { get; set; }

    [Id(8)]
    public ExpectedCallStatus Status { get; set; }

    [Id(9)]
    public string? CallId { get; set; }

    [Id(10)]
    public bool Partial { get; set; }

    [Id(11)]
    public double MediaGapSeconds { get; set; }

    [Id(12)]
    public List<CallPause> Pauses { get; set; } = [];

    [Id(13)]
    public double? EndToDurableSeconds { get; set; }

    /// <summary>True once its missing recording was alerted (alerted once).</summary>
    [Id(14)]
    public bool Alerted { get; set; }
}
