using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Grid.Calls;

namespace Grid.LoadTest.Baselines;

/// <summary>Throughput baselines measured against the same storage and silo as the grid, in the same run.</summary>
public static class BaselineRunner
{
    public sealed record Throughput(string Name, double OpsPerSecond, double MegabytesPerSecond);

    public static async Task<Throughput> RunAsync(string name, int workers, TimeSpan duration, int payloadBytes, Func<int, long, byte[], Task> operation)
    {
        var payload = RandomNumberGenerator.GetBytes(payloadBytes);
        long total = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            long i = 0;
            while (clock.Elapsed < duration)
            {
                await operation(w, i++, payload);
                Interlocked.Increment(ref total);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        return new Throughput(name, total / seconds, total * (double)payloadBytes / seconds / 1_000_000);
    }

    /// <summary>Raw Azure Blob block staging to the same Azurite, same block size: the storage limit.</summary>
    public static async Task<Throughput> RawBlobStagingAsync(string connectionString, int workers, TimeSpan duration, int payloadBytes)
    {
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient("baseline-" + Guid.NewGuid().ToString("N")[..8]);
        await container.CreateIfNotExistsAsync();
        var blobs = Enumerable.Range(0, workers).Select(w => container.GetBlockBlobClient($"raw/{w}")).ToArray();
        return await RunAsync("raw blob StageBlock", workers, duration, payloadBytes, async (w, i, payload) =>
        {
            using var stream = new MemoryStream(payload, writable: false);
            await blobs[w].StageBlockAsync(Convert.ToBase64String(BitConverter.GetBytes(i)), stream);
        });
    }

    /// <summary>
    /// Raw append-blob writes to the same Azurite at a given size by a given number of writers, one blob each (what
    /// the log's lanes do, without the Grid): the storage ceiling at the log's batch size.
    /// </summary>
    public static async Task<Throughput> RawAppendAsync(string connectionString, int writers, TimeSpan duration, int payloadBytes)
    {
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient("baseline-" + Guid.NewGuid().ToString("N")[..8]);
        await container.CreateIfNotExistsAsync();
        var blobs = Enumerable.Range(0, writers).Select(w => container.GetAppendBlobClient($"raw/{w}")).ToArray();
        foreach (var blob in blobs)
        {
            await blob.CreateAsync();
        }

        return await RunAsync($"raw AppendBlock, {writers} writers", writers, duration, payloadBytes, async (w, i, payload) =>
        {
            using var stream = new MemoryStream(payload, writable: false);
            await blobs[w].AppendBlockAsync(stream);
        });
    }

    /// <summary>The grid's append with storage, as fast as it goes (not real-time pace), one call per worker.</summary>
    public static async Task<Throughput> GridAppendAsync(IClusterClient cluster, string tenantId, int workers, TimeSpan duration, int payloadBytes)
    {
        var calls = new ICallGrain[workers];
        for (var w = 0; w < workers; w++)
        {
            calls[w] = cluster.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, $"max-{Guid.NewGuid():N}"[..20]));
            await calls[w].StartAsync(new CallMetadata());
        }

        var result = await RunAsync("grid append (encrypt + durable write)", workers, duration, payloadBytes, (w, i, payload) => calls[w].AppendAsync(i, payload));
        await Task.WhenAll(calls.Select(c => c.EndAsync()));
        return result;
    }

    /// <summary>Mean time of raw AES-256-GCM over one chunk (for the encryption share of an append).</summary>
    public static double AesGcmMicroseconds(int payloadBytes)
    {
        using var aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        var plaintext = RandomNumberGenerator.GetBytes(payloadBytes);
        var ciphertext = new byte[payloadBytes];
        var tag = new byte[16];
        var nonce = new byte[12];
        for (var i = 0; i < 1000; i++)
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        const int rounds = 20_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            nonce[0]++;
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        return clock.Elapsed.TotalMicroseconds / rounds;
    }
}
