using System.Security.Cryptography;
using Grid.Calls;
using Grid.Client;
using Grid.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SampleFrontend;

// A recorder frontend in one file: connect to the Grid with a recorder credential, record one call (start, a few
// chunks of a tone, end) and print its summary. Exit code 0 when the call is sealed without gaps.
//
// Settings come from configuration, here the environment, as a partner's service would take them:
//   Grid__ClusterId, Grid__ServiceId                   the Grid deployment
//   Grid__StorageConnectionString (or Grid__TableServiceUri)   the account whose membership table lists the gateways
//   Grid__Security__Tls__CaCertificatePath, __CertificatePath, __PrivateKeyPath   mutual TLS
//     (or Grid__Security__Tls__DevelopmentFolder for a local Grid's development CA)
//   Grid__Credential__ClientId ({tenant}/{name}), Grid__Credential__Secret          the recorder credential
//   Sample__CallId, Sample__Chunks (5), Sample__ChunkBytes (1600)                  what to record
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddGridClient();

var configuration = builder.Configuration;
var clientId = configuration["Grid:Credential:ClientId"] ?? string.Empty;
var slash = clientId.IndexOf('/', StringComparison.Ordinal);
if (slash <= 0)
{
    Console.Error.WriteLine("Set Grid__Credential__ClientId to the recorder credential's client id ({tenant}/{name}) and Grid__Credential__Secret to its secret.");
    return 2;
}

var tenantId = clientId[..slash];
var callId = configuration["Sample:CallId"] ?? "sample-" + Guid.NewGuid().ToString("N")[..12];
var chunks = configuration.GetValue("Sample:Chunks", 5);
var chunkBytes = configuration.GetValue("Sample:ChunkBytes", 1600);
if (chunks < 1 || chunkBytes < 2 || chunkBytes % 2 != 0)
{
    Console.Error.WriteLine("Sample__Chunks is at least 1; Sample__ChunkBytes is a positive even number (16-bit samples).");
    return 2;
}

using var host = builder.Build();
try
{
    await host.StartAsync();
    var recorder = host.Services.GetRequiredService<GridRecorder>();
    var metadata = new CallMetadata
    {
        Direction = CallDirection.Inbound,
        MediaType = Tone.MediaType,
        Participants = [new Participant("customer", "+44 20 7946 0000"), new Participant("agent", "sip:agent-1@frontend.example")],
        Tags = new Dictionary<string, string> { ["source"] = "sample-frontend" },
    };

    using var sent = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    CallSummary summary;
    await using (var call = await recorder.StartCallAsync(tenantId, callId, metadata))
    {
        for (var i = 0; i < chunks; i++)
        {
            var chunk = Tone.Chunk(i, chunkBytes);
            sent.AppendData(chunk);
            await call.SendAsync(chunk);
        }

        summary = await call.EndAsync();
    }

    Console.WriteLine($"call {summary.CallId} of {summary.TenantId}: {summary.Status}, {summary.ChunkCount} chunks, {summary.MediaBytes} bytes, {summary.Gaps.Count} gaps, sha256 {Convert.ToHexStringLower(sent.GetHashAndReset())}");
    await host.StopAsync();
    return summary.Status == CallStatus.Sealed && summary.Gaps.Count == 0 ? 0 : 1;
}
catch (GridException e)
{
    Console.Error.WriteLine($"The Grid refused ({e.Code}): {e.Message}");
    return 1;
}
catch (Exception e) when (e is GridConnectionRefusedException or GridUnavailableException or OptionsValidationException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
