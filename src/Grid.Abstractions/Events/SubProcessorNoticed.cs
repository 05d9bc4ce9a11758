namespace Grid.Events;

/// <summary>A sub-processor change was announced; objections are open for 30 days. Type <c>subprocessor.notice</c>.</summary>
/// <param name="Reference">The change id.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.SubProcessorNoticed")]
public sealed record SubProcessorNoticed([property: Id(0)] string Reference) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "subprocessor.notice";
}
