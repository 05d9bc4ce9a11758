using Grid.Security;

namespace Grid.Client.Credentials;

/// <summary>
/// A recorder frontend's credential: exchanges the client id and secret for short-lived recorder tokens and renews
/// them in the background once two thirds of a token's life have passed, so calls never wait for a renewal (they
/// wait only when the token has already expired, e.g. after the Grid was unreachable).
/// </summary>
public sealed class RecorderCredentialSource(IGrainFactory grains, string clientId, string secret, TimeProvider? time = null) : IGridCredentialSource
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private GridToken? current;
    private DateTimeOffset renewAt;
    private Task? background;

    /// <summary>How many tokens this source has obtained (for tests and diagnostics).</summary>
    public int Exchanges { get; private set; }

    /// <inheritdoc/>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = current;
        if (token is not null && token.ExpiresAt - now > TimeSpan.FromSeconds(5))
        {
            if (now >= renewAt && background is null or { IsCompleted: true })
            {
                background = RefreshAsync(token, CancellationToken.None);
            }

            return token.Value;
        }

        await RefreshAsync(token, cancellationToken);
        return current!.Value;
    }

    private async Task RefreshAsync(GridToken? seen, CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(current, seen))
            {
                return;
            }

            var issued = await grains.GetGrain<IRecorderCredentialGrain>(clientId).ExchangeAsync(secret);
            var now = clock.GetUtcNow();
            renewAt = now + ((issued.ExpiresAt - now) * 2 / 3);
            current = issued;
            Exchanges++;
        }
        catch when (seen is not null && seen.ExpiresAt > clock.GetUtcNow())
        {
            // A background renewal failed while the old token is still good: the next call tries again.
            renewAt = clock.GetUtcNow() + TimeSpan.FromSeconds(1);
        }
        finally
        {
            refreshing.Release();
        }
    }
}
