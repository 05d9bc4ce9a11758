using Grid.Security.Calls;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Client.Credentials;

/// <summary>Puts the caller's credential into the request context of every call to a Grid grain.</summary>
internal sealed class GridCredentialFilter(IServiceProvider services) : IOutgoingGrainCallFilter
{
    private IGridCredentialSource? source;
    private bool resolved;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (AccessRule.ForCall(context.InterfaceMethod, context.Request) is { Anonymous: false })
        {
            var token = GridCredentials.Current;
            if (token is null && Source is { } configured)
            {
                token = await configured.GetTokenAsync(CancellationToken.None);
            }

            if (token is null)
            {
                RequestContext.Remove(GridCallContextKeys.Token);
            }
            else
            {
                RequestContext.Set(GridCallContextKeys.Token, token);
            }
        }

        await context.Invoke();
    }

    private IGridCredentialSource? Source
    {
        get
        {
            if (!resolved)
            {
                source = services.GetService<IGridCredentialSource>();
                resolved = true;
            }

            return source;
        }
    }
}
