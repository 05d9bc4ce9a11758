namespace Grid.Grains;

/// <summary>Names of the grain storage providers the grains use.</summary>
public static class GridGrainStorage
{
    /// <summary>Grain state of calls, tenants and tenant keys.</summary>
    public const string Name = "grid";
}
