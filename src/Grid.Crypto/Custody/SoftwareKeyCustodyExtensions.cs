using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grid.Crypto.Custody;

/// <summary>Registers the software key store.</summary>
public static class SoftwareKeyCustodyExtensions
{
    /// <summary>
    /// The software store (<c>Grid:Keys:RootPath</c>), always available; an idempotent registration, so the silo and
    /// a console host that needs it for its key ring may both add it.
    /// </summary>
    public static IServiceCollection AddSoftwareKeyCustody(this IServiceCollection services)
    {
        services.AddOptions<SoftwareKeyCustodyOptions>().BindConfiguration("Grid:Keys").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyCustody, SoftwareKeyCustody>());
        return services;
    }
}
