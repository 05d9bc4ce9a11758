using Grid.Development;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Security.Tls;
using Grid.Security.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace Grid.Tests.Infrastructure;

/// <summary>
/// One Azurite (on free loopback ports, in a fresh folder) and one 2-silo Orleans test cluster using Azure Table
/// clustering, Blob grain storage, Table reminders and Queue streams against it. Shared by the whole assembly.
/// Small log segments (4 appends each) so recordings that span several segments are exercised by ordinary tests.
/// </summary>
public sealed class GridFixture : IAsyncLifetime
{
    public const int AppendsPerLogSegment = 4;
    public const int MaxChunkBytes = 64 * 1024;
    public const long MaxSequenceNumber = 100_000;

    /// <summary>The test silos' <c>Grid:Limits:AutoResumeAfter</c> (the tests' pauses last seconds of the fake clock).</summary>
    public static readonly TimeSpan AutoResumeAfter = TimeSpan.FromHours(1);

    private readonly string root = Path.Combine(Path.GetTempPath(), "grid-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private AzuriteProcess? azurite;
    private AzuriteProcess? replicaAzurite;

    /// <summary>The second storage account holding the encrypted replica.</summary>
    public LocalEmulatorOptions ReplicaEmulator { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The Grid's clock in every test silo (Orleans keeps its own real clock). Tests move it forward.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => TestSiloConfigurator.Clock;

    public string SigningKeyPath => Path.Combine(root, "signing", "processor.pem");

    /// <summary>The trust boundary's files: token signing key, cluster key, development CA (created before the silos start).</summary>
    public GridSecurityOptions Security => GridSecurityOptions.InFolder(root);

    /// <summary>Signs test credentials with the silos' token signing key.</summary>
    public GridTokenIssuer Tokens { get; private set; } = null!;

    /// <summary>A token of <paramref name="tenantId"/> with <paramref name="roles"/>.</summary>
    public string Token(string tenantId, params string[] roles) => Tokens.Issue(tenantId, "subject-" + string.Join('+', roles), roles).Value;

    /// <summary>A token of <paramref name="subject"/> in <paramref name="tenantId"/> with <paramref name="roles"/>.</summary>
    public string TokenOf(string subject, string tenantId, params string[] roles) => Tokens.Issue(tenantId, subject, roles).Value;

    /// <summary>
    /// A grain factory inside silo 0: its calls carry the silo-only proof, as the Grid's own workflows do. Tests use
    /// it for internal-only methods (sweeps, termination runs, the self-test) that no client may call.
    /// </summary>
    public IGrainFactory InternalGrains => ((InProcessSiloHandle)Cluster.Silos[0]).SiloHost.Services.GetRequiredService<IGrainFactory>();

    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// Silo 0's own client: its calls (stream subscriptions included) are the silo's, stamped with the silo-only proof.
    /// A gateway client may not subscribe to a tenant's event stream (stream pub-sub is internal); tests watch it here.
    /// </summary>
    public IClusterClient InternalClient => ((InProcessSiloHandle)Cluster.Silos[0]).SiloHost.Services.GetRequiredService<IClusterClient>();

    public LocalEmulatorOptions Emulator { get; private set; } = null!;

    public string ConnectionString => Emulator.ConnectionString;

    public string AzuriteDataPath => Emulator.DataPath;

    public string KeyPath => Path.Combine(root, "keys");

    public const string SoftHsmLibrary = "/usr/lib/softhsm/libsofthsm2.so";
    public const string TokenLabel = "grid-tests";
    public const string TokenPin = "4711-test";

    public string SoftHsmConfig => Path.Combine(root, "softhsm2.conf");

    public Grid.Crypto.Custody.Pkcs11KeyCustodyOptions Pkcs11Options => new()
    {
        LibraryPath = SoftHsmLibrary,
        TokenLabel = TokenLabel,
        UserPin = TokenPin,
        SoftHsmConfigurationFile = SoftHsmConfig,
    };

    public async Task InitializeAsync()
    {
        Emulator = new LocalEmulatorOptions
        {
            DataPath = Path.Combine(root, "azurite"),
            BlobPort = LoopbackPorts.Free(),
            QueuePort = LoopbackPorts.Free(),
            TablePort = LoopbackPorts.Free(),
        };
        ReplicaEmulator = new LocalEmulatorOptions
        {
            DataPath = Path.Combine(root, "azurite-replica"),
            BlobPort = LoopbackPorts.Free(),
            QueuePort = LoopbackPorts.Free(),
            TablePort = LoopbackPorts.Free(),
        };
        var starting = new[] { AzuriteProcess.StartAsync(Emulator, NullLogger.Instance), AzuriteProcess.StartAsync(ReplicaEmulator, NullLogger.Instance) };
        azurite = await starting[0];
        replicaAzurite = await starting[1];
        await InitializeSoftHsmTokenAsync();
        Tokens = new GridTokenIssuer(Options.Create(Security));
        _ = SiloCallProof.FromFile(Security.ClusterKeyPath);
        DevelopmentCertificates.EnsureCreated(Security.Tls.DevelopmentFolder);
        Cluster = await DeployClusterAsync("grid-tests-" + Guid.NewGuid().ToString("N")[..6]);
    }

    /// <summary>
    /// Deploys a 2-silo (or <paramref name="silos"/>) cluster against this fixture's storage (or
    /// <paramref name="storage"/>, for a test that must share no grain with the main cluster) and key store, with
    /// <paramref name="settings"/> added to (or replacing) the silos' configuration.
    /// </summary>
    public async Task<TestCluster> DeployClusterAsync(string clusterId, short silos = 2, LocalEmulatorOptions? storage = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = "grid-tests";
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;

        // Real TCP between silos and to the gateways (the test host defaults to in-memory pipes): TLS and the
        // attacks on it are real.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["Grid:Storage:ConnectionString"] = (storage ?? Emulator).ConnectionString;
        builder.Properties["Grid:Storage:ReplicaConnectionString"] = ReplicaEmulator.ConnectionString;
        builder.Properties["Grid:Storage:Log:MaxBlocksPerSegment"] = AppendsPerLogSegment.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Grid:Storage:Log:CompactionGrace"] = "00:00:00";
        builder.Properties["Grid:Keys:RootPath"] = KeyPath;
        builder.Properties["Grid:Keys:Pkcs11:LibraryPath"] = SoftHsmLibrary;
        builder.Properties["Grid:Keys:Pkcs11:TokenLabel"] = TokenLabel;
        builder.Properties["Grid:Keys:Pkcs11:UserPin"] = TokenPin;
        builder.Properties["Grid:Keys:Pkcs11:SoftHsmConfigurationFile"] = SoftHsmConfig;
        builder.Properties["Grid:Limits:MaxChunkBytes"] = MaxChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Grid:Limits:MaxSequenceNumber"] = MaxSequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Grid:Limits:AutoResumeAfter"] = AutoResumeAfter.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Grid:EventQueuePrefix"] = "ev-" + clusterId;
        builder.Properties["Grid:Retention:SweepPeriod"] = "00:00:02";
        builder.Properties["Grid:Termination:WakePeriod"] = "00:00:02";
        builder.Properties["Grid:Signing:KeyPath"] = SigningKeyPath;
        builder.Properties["Grid:Security:TokenSigningKeyPath"] = Security.TokenSigningKeyPath;
        builder.Properties["Grid:Audit:CheckpointEvery"] = "5";
        builder.Properties["Grid:Security:ClusterKeyPath"] = Security.ClusterKeyPath;
        builder.Properties["Grid:Security:Tls:DevelopmentFolder"] = Security.Tls.DevelopmentFolder;
        builder.Properties["Grid:Canary:Enabled"] = "false";
        builder.Properties["Grid:Requests:CheckPeriod"] = "00:00:01";
        builder.Properties["Grid:Governance:CheckPeriod"] = "00:00:01";
        builder.Properties["Grid:Webhooks:AllowLoopbackHttp"] = "true";
        builder.Properties["Grid:Webhooks:RetryBase"] = "00:00:00.200";
        builder.Properties["Grid:Webhooks:MaxAttempts"] = "4";
        builder.Properties["Grid:MinimumReminderPeriod"] = "00:00:01";
        builder.Properties["Grid:EventQueueCount"] = "2";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("GRID_TEST_LOG_DUMP") is { Length: > 0 } dump)
        {
            // Debugging aid: everything the test silos logged.
            await File.WriteAllLinesAsync(dump, TestLogSink.Instance.Lines);
        }

        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        if (replicaAzurite is not null)
        {
            await replicaAzurite.DisposeAsync();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }

    /// <summary>A fresh SoftHSM2 token in this fixture's folder (softhsm2-util, from the Debian package softhsm2).</summary>
    private async Task InitializeSoftHsmTokenAsync()
    {
        var tokens = Path.Combine(root, "softhsm-tokens");
        Directory.CreateDirectory(tokens);
        await File.WriteAllTextAsync(SoftHsmConfig, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
        var start = new System.Diagnostics.ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--init-token", "--free", "--label", TokenLabel, "--pin", TokenPin, "--so-pin", "so-" + TokenPin })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SOFTHSM2_CONF"] = SoftHsmConfig;
        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException("softhsm2-util could not be started; install the Debian package softhsm2.");
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util --init-token failed ({process.ExitCode}): {output}");
        }
    }

}

[CollectionDefinition(Name)]
public sealed class GridCollection : ICollectionFixture<GridFixture>
{
    public const string Name = "grid";
}
