namespace Grid.Events;

/// <summary>A recorder instance (an SRS node, a frontend) stopped sending heartbeats. Type <c>recorder.silent</c>.</summary>
/// <param name="Source">The instance's label.</param>
/// <param name="LastSeen">Its last heartbeat.</param>
/// <param name="LiveSessions">The sessions it had open then (their media may be lost).</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.RecorderSilent")]
public sealed record RecorderSilent([property: Id(0)] string Source, [property: Id(1)] DateTimeOffset LastSeen, [property: Id(2)] int LiveSessions) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "recorder.silent";
}

/// <summary>A recorder instance that was silent sends heartbeats again. Type <c>recorder.resumed</c>.</summary>
/// <param name="Source">The instance's label.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.RecorderResumed")]
public sealed record RecorderResumed([property: Id(0)] string Source) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "recorder.resumed";
}
