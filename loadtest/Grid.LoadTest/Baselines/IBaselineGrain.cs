namespace Grid.LoadTest.Baselines;

/// <summary>Baselines measured in the same run as the grid: the messaging limit, and the append path without storage.</summary>
[Alias("Grid.LoadTest.Baselines.IBaselineGrain")]
public interface IBaselineGrain : IGrainWithStringKey
{
    /// <summary>A plain grain call carrying the same payload as an append (the messaging limit).</summary>
    /// <param name="sequence">Ignored.</param>
    /// <param name="data">The payload.</param>
    /// <returns>The payload length.</returns>
    [Alias("Echo")]
    Task<int> EchoAsync(long sequence, byte[] data);

    /// <summary>The call grain's per-chunk work without the durable write: content tag and frame encryption.</summary>
    /// <param name="sequence">The chunk's sequence number.</param>
    /// <param name="data">The chunk.</param>
    /// <returns>The frame length.</returns>
    [Alias("AppendWithoutStorage")]
    Task<int> AppendWithoutStorageAsync(long sequence, byte[] data);
}
