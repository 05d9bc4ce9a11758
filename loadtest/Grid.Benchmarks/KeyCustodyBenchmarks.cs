using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Grid.Crypto.Custody;
using Grid.Keys;
using Microsoft.Extensions.Options;

namespace Grid.Benchmarks;

/// <summary>
/// Wrap and unwrap of a 32-byte data key per custody provider: the software store (file-backed KEK, AES-GCM in
/// process) and a PKCS#11 HSM (SoftHSM2, CKM_AES_GCM inside the token). Needs softhsm2-util on PATH.
/// </summary>
public class KeyCustodyBenchmarks
{
    private readonly byte[] dataKey = new byte[32];
    private readonly byte[] context = "t-bench/call-1"u8.ToArray();
    private string root = string.Empty;
    private IKeyCustody custody = null!;
    private KeyReference key = null!;
    private WrappedKey wrapped = null!;

    [Params("software", "pkcs11-softhsm2")]
    public string Provider { get; set; } = "software";

    [GlobalSetup]
    public void Setup()
    {
        root = Path.Combine(Path.GetTempPath(), "grid-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        custody = Provider == "software"
            ? new SoftwareKeyCustody(Options.Create(new SoftwareKeyCustodyOptions { RootPath = root }))
            : new Pkcs11KeyCustody(Options.Create(SoftHsmToken(root)));
        key = custody.CreateKeyAsync("t-bench", 1, CancellationToken.None).GetAwaiter().GetResult();
        wrapped = custody.WrapAsync(key, dataKey, context, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (custody as IDisposable)?.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [Benchmark(Description = "wrap")]
    public Task<WrappedKey> WrapAsync() => custody.WrapAsync(key, dataKey, context, CancellationToken.None);

    [Benchmark(Description = "unwrap")]
    public Task<byte[]> UnwrapAsync() => custody.UnwrapAsync(wrapped, context, CancellationToken.None);

    private static Pkcs11KeyCustodyOptions SoftHsmToken(string root)
    {
        var tokens = Path.Combine(root, "tokens");
        Directory.CreateDirectory(tokens);
        var conf = Path.Combine(root, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
        var start = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--init-token", "--free", "--label", "grid-bench", "--pin", "1234", "--so-pin", "12345678" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SOFTHSM2_CONF"] = conf;
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("softhsm2-util --init-token failed: " + process.StandardError.ReadToEnd());
        }

        return new Pkcs11KeyCustodyOptions { LibraryPath = "/usr/lib/softhsm/libsofthsm2.so", TokenLabel = "grid-bench", UserPin = "1234", SoftHsmConfigurationFile = conf };
    }
}
