using System.Runtime.CompilerServices;
using Grid.Calls;
using Grid.Security;

namespace Grid.Client;

/// <summary>Plays sealed recordings back to an authorized principal of the owning tenant.</summary>
public sealed class GridPlayback(IClusterClient client)
{
    /// <summary>Streams the recording's chunks in sequence order, exactly as they were sent.</summary>
    /// <param name="principal">The authenticated principal (must hold <see cref="GridRoles.Playback"/> in the tenant).</param>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The chunks.</returns>
    public async IAsyncEnumerable<byte[]> ReadAsync(GridPrincipal principal, string tenantId, string callId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var grain = client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await foreach (var chunk in grain.ReadMediaAsync(principal, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return chunk;
        }
    }

    /// <summary>Writes the recording's media to <paramref name="destination"/>; returns the bytes written.</summary>
    /// <param name="principal">The authenticated principal.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="destination">Where the media goes.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>The number of bytes written.</returns>
    public async Task<long> CopyToAsync(GridPrincipal principal, string tenantId, string callId, Stream destination, CancellationToken cancellationToken = default)
    {
        long total = 0;
        await foreach (var chunk in ReadAsync(principal, tenantId, callId, cancellationToken))
        {
            await destination.WriteAsync(chunk, cancellationToken);
            total += chunk.Length;
        }

        return total;
    }
}
