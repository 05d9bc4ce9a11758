using Grid.Siprec;

// The SIPREC session recording server: configuration section Srs (docs/siprec.md, docs/configuration.md), the Grid
// connection in section Grid. Management HTTP (health, metrics) on Urls, loopback by default.
var builder = WebApplication.CreateBuilder(args);
builder.AddGridSrs();
var app = builder.Build();
app.MapGridSrs();
await app.RunAsync();
