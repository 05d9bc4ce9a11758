using Grid.Retention;

namespace Grid.Grains.Retention;

[GenerateSerializer, Alias("Grid.Grains.Retention.TerminationState")]
public sealed class TerminationState
{
    [Id(0)]
    public DeletionCertificate? Certificate { get; set; }
}
