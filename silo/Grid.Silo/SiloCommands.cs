using System.CommandLine;
using Grid.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grid.Silo;

/// <summary>
/// The silo executable's command line (System.CommandLine): with no command it runs a silo; <c>demo</c> runs one and
/// records through it; the tools (<c>token</c>, <c>verify-audit</c>, <c>verify-certificate</c>, <c>restore</c>,
/// <c>record-of-processing</c>) each have <c>--help</c>, and unknown or extra arguments are refused. Settings come
/// from configuration (appsettings, <c>Grid__*</c> environment variables), never from the command line.
/// </summary>
internal static class SiloCommands
{
    /// <summary>
    /// How a command is invoked. On SIGTERM or Ctrl+C, System.CommandLine cancels the command's token and, by default,
    /// ends the process two seconds later whatever the command is doing. A silo's graceful stop (grains deactivated,
    /// the recording log drained within <c>Grid:Storage:Log:DrainTimeout</c>, the SIPREC server's sessions ended) is
    /// bounded by the host's shutdown timeout instead (30 s by default), so the process waits for it: a stop cut at two
    /// seconds would refuse frames it could have written, and its last log lines would never reach the console.
    /// </summary>
    public static InvocationConfiguration Invocation { get; } = new() { ProcessTerminationTimeout = TimeSpan.FromMinutes(6) };

    public static RootCommand Build(Func<string?, CancellationToken, Task<int>> runSilo)
    {
        var root = new RootCommand("Recording Grid silo. With no command: run a silo (local default: Azurite on 127.0.0.1, started if needed) until Ctrl+C.");
        root.SetAction((_, cancellationToken) => runSilo(null, cancellationToken));

        var demo = new Command("demo", "Run a silo, record synthetic calls through the recorder SDK, play one back and verify it, show refused reads, use the customer API, delete one call with a certificate.");
        demo.SetAction((_, cancellationToken) => runSilo("demo", cancellationToken));
        root.Subcommands.Add(demo);

        var siprecDemo = new Command("siprec-demo", "Run a silo and the SIPREC server, let SIPp (apt-get install sip-tester) record one two-party call through it as an SBC would, find it by the caller's number, play it back as a stereo WAV and check each channel against the RTP sent.");
        siprecDemo.SetAction((_, cancellationToken) => runSilo("siprec-demo", cancellationToken));
        root.Subcommands.Add(siprecDemo);

        root.Subcommands.Add(TokenCommand.Build(Configuration));
        root.Subcommands.Add(VerifyAudit());
        root.Subcommands.Add(VerifyCertificate());
        root.Subcommands.Add(Restore());
        root.Subcommands.Add(RecordOfProcessingCommand.Build(Configuration));
        return root;
    }

    /// <summary>The configuration a tool reads (appsettings and environment, as the silo does).</summary>
    private static IConfiguration Configuration() => WebApplication.CreateBuilder([]).Configuration;

    private static Command VerifyAudit()
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant whose audit log to verify." };
        var publicKey = new Argument<FileInfo?>("public-key") { Description = "The processor's public key (PEM); default: the local signing key's.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("verify-audit", "Verify a tenant's audit hash chain and its signed checkpoints in the configured storage (exit 0 intact; 1 broken, or no log for that tenant).") { tenant, publicKey };
        command.SetAction(async (parse, _) =>
        {
            var configuration = Configuration();
            await using var storage = await LocalStorage.StartIfLocalAsync(configuration, NullLogger.Instance);
            return await AuditCommands.VerifyAsync(GridIds.RequireTenantId(parse.GetValue(tenant)), parse.GetValue(publicKey)?.FullName, configuration.ReadGridOptions());
        });
        return command;
    }

    private static Command VerifyCertificate()
    {
        var certificate = new Argument<FileInfo>("certificate") { Description = "The signed deletion certificate (JSON)." };
        var publicKey = new Argument<FileInfo>("public-key") { Description = "The processor's published public key (PEM)." };
        var command = new Command("verify-certificate", "Verify a signed deletion certificate (exit 0 valid, 1 not).") { certificate, publicKey };
        command.SetAction(parse => CertificateCommands.Verify(parse.GetValue(certificate)!.FullName, parse.GetValue(publicKey)!.FullName));
        return command;
    }

    private static Command Restore()
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant whose recordings to copy back from the replica account." };
        var command = new Command("restore", "Copy a tenant's recordings back from the replica account (Grid:Storage:ReplicaConnectionString).") { tenant };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = GridIds.RequireTenantId(parse.GetValue(tenant));
            var restored = await new Grid.Storage.RecordingReplica(GridStorageAccounts.Create(Configuration().ReadGridOptions())).RestoreTenantAsync(tenantId, cancellationToken);
            Console.WriteLine($"Restored {restored} recording blobs of tenant {tenantId} from the replica account.");
            return 0;
        });
        return command;
    }
}
