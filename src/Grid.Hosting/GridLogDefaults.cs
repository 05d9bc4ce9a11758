using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Grid.Hosting;

/// <summary>
/// The Grid's default log levels, added under every other configuration source (so appsettings, environment
/// variables and the command line override them). When a silo dies, Orleans' messaging and its placement retry
/// policy (Polly) log every failed connection, retried placement and re-addressed message to it — hundreds of lines
/// with stack traces, all handled and retried. Those categories start at Error (messaging) and Critical (the
/// handled retries, the re-addressing that the caller sees as a retryable error anyway; a cancellation of a timed-out
/// request that cannot be delivered to the dead silo, which has nothing left to cancel); <see cref="SiloDeathLog"/>
/// says once what happened. Set <c>Logging:LogLevel:Orleans.Runtime.Messaging</c> (or the others) to Debug to see
/// them again.
/// </summary>
public static class GridLogDefaults
{
    public static IReadOnlyDictionary<string, string?> Levels { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Orleans.Runtime.Messaging"] = "Error",
        ["Logging:LogLevel:Orleans.Messaging"] = "Critical",
        ["Logging:LogLevel:Polly"] = "Critical",
        ["Logging:LogLevel:Orleans.Runtime.GrainCallCancellationManager"] = "Critical",
    };

    /// <summary>Inserts <see cref="Levels"/> as the first (lowest-precedence) configuration source.</summary>
    public static IConfigurationBuilder AddGridLogDefaults(this IConfigurationBuilder configuration)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        return configuration;
    }
}
