namespace Grid.Grains;

/// <summary>Names of the grain storage providers the grains use.</summary>
public static class GridGrainStorage
{
    /// <summary>Grain state of calls, tenants and tenant keys.</summary>
    public const string Name = "grid";

    /// <summary>Writes grain state; a storage failure becomes <see cref="Grid.Errors.StorageUnavailableException"/> (nothing acknowledged, retry).</summary>
    public static async Task WriteOrThrowAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not Grid.Errors.GridException)
        {
            throw new Grid.Errors.StorageUnavailableException("Grain state could not be written; nothing was acknowledged. Retry with the same arguments.", e);
        }
    }
}
