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

    /// <summary>
    /// Applies <paramref name="change"/> to the state and writes it. When another activation wrote first (an etag
    /// conflict: possible for the processor's singletons during a membership change), reloads the state and applies
    /// the change again, up to three times. <paramref name="change"/> returns false when there is nothing to write.
    /// </summary>
    public static async Task UpdateAsync<T>(this IPersistentState<T> state, Func<T, bool> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!change(state.State))
            {
                return;
            }

            try
            {
                await state.WriteStateAsync();
                return;
            }
            catch (Orleans.Storage.InconsistentStateException) when (attempt < 3)
            {
                await state.ReadStateAsync();
            }
            catch (Exception e) when (e is not Grid.Errors.GridException)
            {
                throw new Grid.Errors.StorageUnavailableException("Grain state could not be written; nothing was acknowledged. Retry with the same arguments.", e);
            }
        }
    }
}
