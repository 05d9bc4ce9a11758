using System.Runtime.CompilerServices;
using Grid.Calls;

namespace Grid.Client;

/// <summary>Plays sealed recordings back, under the configured credential (or <see cref="Credentials.GridCredentials.Use"/>): an analyst of the owning tenant.</summary>
public sealed class GridPlayback(IClusterClient client)
{
    /// <summary>Streams the recording's chunks in sequence order, exactly as they were sent.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The chunks.</returns>
    public async IAsyncEnumerable<byte[]> ReadAsync(string tenantId, string callId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var grain = client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await foreach (var chunk in grain.ReadMediaAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            yield return chunk;
        }
    }

    /// <summary>Writes the recording's media to <paramref name="destination"/>; returns the bytes written.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="destination">Where the media goes.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>The number of bytes written.</returns>
    public async Task<long> CopyToAsync(string tenantId, string callId, Stream destination, CancellationToken cancellationToken = default)
    {
        long total = 0;
        await foreach (var chunk in ReadAsync(tenantId, callId, cancellationToken))
        {
            await destination.WriteAsync(chunk, cancellationToken);
            total += chunk.Length;
        }

        return total;
    }
}
