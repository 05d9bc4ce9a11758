namespace Grid.Events;

/// <summary>A recording was started. Type <c>call.started</c>.</summary>
/// <param name="CallId">The call.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.CallStarted")]
public sealed record CallStarted([property: Id(0)] string CallId) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "call.started";
}
