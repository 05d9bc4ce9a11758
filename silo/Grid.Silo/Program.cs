using Grid.Api;
using Grid.Hosting;
using Grid.Silo;
using Grid.Silo.Demo;
using Grid.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dashboard;

// Usage: Grid.Silo                                   run a silo (local default: Azurite on 127.0.0.1, started if needed)
//        Grid.Silo demo                              run a silo, record synthetic calls through the recorder SDK,
//                                                    play one back and verify it, delete one and certify it
//        Grid.Silo verify-certificate CERT PUBKEY    verify a signed deletion certificate
//        Grid.Silo restore TENANT                    restore a tenant's recordings from the replica account
//        Grid.Silo token --tenant T --role R         mint a development credential (see docs/authorization.md)
//        Grid.Silo verify-audit TENANT [PUBKEY]      verify a tenant's audit chain and signed checkpoints
//        Grid.Silo record-of-processing TENANT [--format json|markdown] [--out FILE] [--api URL]
//                                                    a tenant's record of processing from a running Grid
if (args is ["verify-certificate", var certificatePath, var publicKeyPath])
{
    return CertificateCommands.Verify(certificatePath, publicKeyPath);
}

if (args is ["restore", var restoreTenant, ..])
{
    var restoreOptions = WebApplication.CreateBuilder(args[2..]).Configuration.ReadGridOptions();
    var restored = await new Grid.Storage.RecordingReplica(GridStorageAccounts.Create(restoreOptions))
        .RestoreTenantAsync(Grid.GridIds.RequireTenantId(restoreTenant), CancellationToken.None);
    Console.WriteLine($"Restored {restored} recording blobs of tenant {restoreTenant} from the replica account.");
    return 0;
}

if (args is ["verify-audit", var auditTenant, .. var auditRest])
{
    var auditConfiguration = WebApplication.CreateBuilder([]).Configuration;
    var auditOptions = auditConfiguration.ReadGridOptions();
    await using var auditStorage = await LocalStorage.StartIfLocalAsync(auditOptions, LocalStorage.Read(auditConfiguration), NullLogger.Instance);
    return await AuditCommands.VerifyAsync(Grid.GridIds.RequireTenantId(auditTenant), auditRest.FirstOrDefault(), auditOptions);
}

if (args is ["record-of-processing", var ropTenant, .. var ropRest])
{
    return await RecordOfProcessingCommand.RunAsync(ropTenant, ropRest, WebApplication.CreateBuilder([]).Configuration.ReadGridOptions());
}

if (args is ["token", ..])
{
    return TokenCommand.Run(args[1..], WebApplication.CreateBuilder([]).Configuration.ReadGridOptions());
}

var demo = args.Length > 0 && args[0] == "demo";
var builder = WebApplication.CreateBuilder(demo ? args[1..] : args);
builder.Configuration.AddGridLogDefaults();
var options = builder.Configuration.ReadGridOptions();
var emulator = LocalStorage.Read(builder.Configuration);
if (demo)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Logging.AddFilter("Orleans", LogLevel.Error);
    builder.Logging.AddFilter("Polly", LogLevel.Warning);
    builder.Logging.AddFilter("Grid.Security", LogLevel.Error);
    options.HttpUrls = "http://127.0.0.1:0";
}

using var bootLoggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
await using var azurite = await LocalStorage.StartIfLocalAsync(options, emulator, bootLoggers.CreateLogger("Grid.Silo"));
if (!demo)
{
    var boot = bootLoggers.CreateLogger("Grid.Silo");
    foreach (var line in GridConfigurationSummary.Describe(options))
    {
        boot.LogInformation("Grid configuration: {Line}", line);
    }
}

builder.UseOrleans(silo =>
{
    silo.AddGridSilo(options);
    silo.AddActivityPropagation();
    silo.AddDashboard();
});
builder.AddGridOperatorsView(options);
builder.AddGridApi(options.Security);
if (options.Storage.IsLocalEmulator && string.IsNullOrEmpty(builder.Configuration["Grid:Web:OidcAuthority"]))
{
    // A local Grid: the console's development sign-in, unless a setting says otherwise.
    builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = [new("Grid:Web:DevelopmentSignIn", "true")] });
}

builder.AddGridWeb(options.Security);
await using var app = builder.Build();
app.MapGridOperatorsView();
app.MapGridApi();
app.MapGridWeb();
if (!demo)
{
    await app.RunAsync();
    return 0;
}

await app.StartAsync();
try
{
    var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
        .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
    return await LocalDemo.RunAsync(options, emulator, azurite is not null, new Uri(address.TrimEnd('/') + "/"));
}
finally
{
    await app.StopAsync();
}
