using Grid.Siprec;

// The SIPREC session recording server: configuration section Srs (docs/siprec.md, docs/configuration.md), the Grid
// connection in section Grid. Management HTTP (health, metrics) on Urls, loopback by default.

// Socket completions run on the socket engine's thread instead of hopping to the thread pool: an RTP datagram's
// handling is short and never blocks, and the hop per packet was the SRS's largest cost (docs/performance.md). Read
// when the first socket is used, so it is set before anything starts; an operator's own setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

// appsettings.json is read from beside the executable (dotnet run keeps the repository root as the working directory,
// where relative paths such as the development CA's .grid/tls are resolved).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGridSrs();
var app = builder.Build();
app.MapGridSrs();
await app.RunAsync();
