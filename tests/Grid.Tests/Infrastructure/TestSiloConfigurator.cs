using Grid.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Grid.Tests.Infrastructure;

/// <summary>Configures each test silo exactly as the real host does (AddGridSilo), plus log capture.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddGridSilo(siloBuilder.Configuration.ReadGridOptions(), configureCluster: false);
        siloBuilder.Services.AddSingleton<ILoggerProvider>(TestLogSink.Instance);
        siloBuilder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug));
    }
}
