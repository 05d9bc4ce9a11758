using Grid.Storage;
using Grid.Storage.Log;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grid.Tests.Log;

/// <summary>The log's parts wired to the test emulator without a cluster, and deterministic frames to write.</summary>
internal sealed record LogParts(RecordingStore Store, RecordingLog Log, ManifestStore Manifests, LogScanner Scanner, LogCollector Collector)
{
    /// <summary>The parts, with the log started (as the silo's lifecycle starts it), on <paramref name="time"/> (default: the system clock).</summary>
    public static LogParts Create(GridFixture fixture, RecordingLogOptions options, TimeProvider? time = null)
    {
        var storage = new GridStorageOptions { ConnectionString = fixture.ConnectionString };
        var store = new RecordingStore(StorageAccounts.Single(GridStorageClients.Create(storage)));
        var manifests = new ManifestStore(store);
        var scanner = new LogScanner(store);
        var log = new RecordingLog(store, Options.Create(options), NullLogger<RecordingLog>.Instance, time ?? TimeProvider.System);
        log.Start();
        return new LogParts(store, log, manifests, scanner, new LogCollector(store, manifests, scanner, Options.Create(options)));
    }

    public static LogRecord Frame(string callId, long sequence) =>
        new(callId, sequence, TestTenants.RandomBytes(LogExtent.TagLength, seed: HashCode.Combine(callId, sequence)), TestTenants.RandomBytes(200 + (int)sequence, seed: HashCode.Combine(sequence, callId)));
}
