using Grid.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Orleans.TestingHost;

namespace Grid.Tests.Infrastructure;

/// <summary>Configures each test silo exactly as the real host does (AddGridSilo), plus log capture.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    /// <summary>Shared by all test silos (they run in this process); starts at the real time of the run.</summary>
    public static Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddGridSilo(configureCluster: false);
        siloBuilder.AddDashboard(); // as the real host: its grains are part of what clients must not reach
        siloBuilder.Services.AddSingleton(new Grid.Grains.GridTime(Clock));
        siloBuilder.Services.AddSingleton<ILoggerProvider>(TestLogSink.Instance);
        siloBuilder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug));
    }
}
