using Grid.Retention;

namespace Grid.Grains.Retention;

/// <summary>Persisted state of a case export: the last prepared export.</summary>
[GenerateSerializer, Alias("Grid.Grains.Retention.CaseExportState")]
public sealed class CaseExportState
{
    [Id(0)]
    public CaseExportInfo? Export { get; set; }
}
