using Microsoft.Extensions.DependencyInjection;

namespace Grid.Security;

/// <summary>Registers the trust boundary's settings.</summary>
public static class GridSecurityOptionsExtensions
{
    /// <summary>Binds <c>Grid:Security</c>, validated when the host starts (idempotent: every host part that needs it may call it).</summary>
    public static IServiceCollection AddGridSecurityOptions(this IServiceCollection services)
    {
        services.AddOptions<GridSecurityOptions>().BindConfiguration(GridSecurityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
