using Grid.Api;
using Grid.Hosting;
using Grid.Silo;
using Grid.Silo.Demo;
using Grid.Web;
using Orleans.Dashboard;

// The command line: see SiloCommands (every command has --help; unknown arguments are refused).
return await SiloCommands.Build(RunSiloAsync).Parse(args).InvokeAsync(SiloCommands.Invocation);

// Runs a silo with the customer API, the console and the operators' view; with a demo, records through it and stops.
static async Task<int> RunSiloAsync(string? demoName, CancellationToken cancellationToken)
{
    var demo = demoName is not null;
    var builder = WebApplication.CreateBuilder();
    builder.Configuration.AddGridLogDefaults();
    if (demo)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Grid.Security", LogLevel.Error);
        builder.Configuration["Grid:HttpUrls"] = "http://127.0.0.1:0";
    }

    using var bootLoggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
    await using var azurite = await LocalStorage.StartIfLocalAsync(builder.Configuration, bootLoggers.CreateLogger("Grid.Silo"));
    await using var wormShim = demoName == "demo" ? await LocalStorage.StartWormShimIfLocalAsync(builder.Configuration) : null;
    var options = builder.Configuration.ReadGridOptions();
    if (!demo)
    {
        var boot = bootLoggers.CreateLogger("Grid.Silo");
        foreach (var line in GridConfigurationSummary.Describe(options))
        {
            boot.LogInformation("Grid configuration: {Line}", line);
        }
    }

    if (options.Storage.IsLocalEmulator && string.IsNullOrEmpty(builder.Configuration["Grid:Web:OidcAuthority"]) && builder.Configuration["Grid:Web:DevelopmentSignIn"] is null)
    {
        // A local Grid: the console's development sign-in, unless a setting says otherwise.
        builder.Configuration["Grid:Web:DevelopmentSignIn"] = "true";
    }

    builder.UseOrleans(silo =>
    {
        silo.AddGridSilo();
        silo.AddActivityPropagation();
        silo.AddDashboard();
    });
    builder.AddGridOperatorsView(options);
    builder.AddGridApi();
    builder.AddGridWeb();
    await using var app = builder.Build();
    app.MapGridOperatorsView();
    app.MapGridApi();
    app.MapGridWeb();
    if (!demo)
    {
        await app.RunAsync(cancellationToken);
        return 0;
    }

    await app.StartAsync(cancellationToken);
    try
    {
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return demoName == "siprec-demo"
            ? await SiprecDemo.RunAsync(options)
            : await LocalDemo.RunAsync(options, LocalStorage.Read(builder.Configuration), azurite is not null, new Uri(address.TrimEnd('/') + "/"));
    }
    finally
    {
        await app.StopAsync();
    }
}
