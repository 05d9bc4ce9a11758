using Grid.Hosting;
using Grid.Silo;
using Grid.Silo.Demo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: Grid.Silo                                   run a silo (local default: Azurite on 127.0.0.1, started if needed)
//        Grid.Silo demo                              run a silo, record synthetic calls through the recorder SDK,
//                                                    play one back and verify it, delete one and certify it
//        Grid.Silo verify-certificate CERT PUBKEY    verify a signed deletion certificate
if (args is ["verify-certificate", var certificatePath, var publicKeyPath])
{
    return CertificateCommands.Verify(certificatePath, publicKeyPath);
}

var demo = args.Length > 0 && args[0] == "demo";
var builder = Host.CreateApplicationBuilder(demo ? args[1..] : args);
var options = builder.Configuration.ReadGridOptions();
if (demo)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Logging.AddFilter("Orleans", LogLevel.Error);
}

using var bootLoggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
await using var azurite = await LocalStorage.StartIfLocalAsync(options, bootLoggers.CreateLogger("Grid.Silo"));

builder.UseOrleans(silo => silo.AddGridSilo(options));
using var host = builder.Build();
if (!demo)
{
    await host.RunAsync();
    return 0;
}

await host.StartAsync();
try
{
    return await LocalDemo.RunAsync(options, azurite is not null);
}
finally
{
    await host.StopAsync();
}
