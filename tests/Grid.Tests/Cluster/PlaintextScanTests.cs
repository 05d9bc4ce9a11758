using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Grid.Calls;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Cluster;

/// <summary>
/// Encrypt on receipt: a known plaintext marker, sent as media and as personal metadata, must appear nowhere the
/// Grid writes: blobs (recordings and grain state), tables, queues, Azurite's files on disk, or the silos' logs.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class PlaintextScanTests(GridFixture fixture)
{
    [Fact]
    public async Task A_plaintext_marker_appears_nowhere_in_storage_files_queues_or_logs()
    {
        var marker = "PLAINTEXT-MARKER-" + Guid.NewGuid().ToString("N");
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var markerBytes = Encoding.UTF8.GetBytes(marker);
        var chunk = Enumerable.Repeat(markerBytes, 40).SelectMany(b => b).ToArray();
        await call.StartAsync(TestTenants.Metadata(identifier: marker + "-id", name: marker + "-name") with
        {
            Tags = new Dictionary<string, string> { ["note"] = marker },
        });
        for (var seq = 0; seq < 6; seq++)
        {
            await call.AppendAsync(seq, chunk);
        }

        await call.EndAsync();
        Assert.Equal(Enumerable.Repeat(chunk, 6).SelectMany(c => c).ToArray(), await TestTenants.PlayAsync(fixture.Client, tenantId, callId));
        Assert.Equal(marker + "-id", (await call.GetMetadataAsync()).Participants[0].Identifier);

        var needles = Needles(markerBytes);
        var sources = new List<(string Name, byte[] Content)>();
        sources.AddRange(await ReadBlobsAsync());
        sources.AddRange(await ReadTablesAsync());
        sources.AddRange(await ReadQueuesAsync());
        sources.AddRange(ReadFiles(fixture.AzuriteDataPath));
        sources.AddRange(ReadFiles(fixture.ReplicaEmulator.DataPath));
        sources.Add(("silo logs", Encoding.UTF8.GetBytes(string.Join('\n', TestLogSink.Instance.Lines))));

        var leaks = sources.Where(s => needles.Any(n => s.Content.AsSpan().IndexOf(n) >= 0)).Select(s => s.Name).ToList();
        Assert.Empty(leaks);

        // The scan is not vacuous: it read the log segments holding the recording's frames, its manifest, and the logs
        // that name this call.
        var segments = (await new StoredRecording(fixture.ConnectionString, tenantId, callId).ManifestAsync()).Extents.Values.Select(e => $"rec-{tenantId}/{e.Segment}").Distinct().Order(StringComparer.Ordinal).ToList();
        var recordingBlobs = sources.Where(s => s.Name.Contains($"rec-{tenantId}/log/", StringComparison.Ordinal)).ToList();
        Assert.Equal(segments, recordingBlobs.Select(b => b.Name[b.Name.IndexOf($"rec-{tenantId}/", StringComparison.Ordinal)..]).Order(StringComparer.Ordinal));
        Assert.True(recordingBlobs.Sum(b => b.Content.Length) > 6 * chunk.Length);
        Assert.Contains(sources, s => s.Name.EndsWith($"rec-{tenantId}/calls/{callId}/manifest", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.Name == "silo logs" && Encoding.UTF8.GetString(s.Content).Contains(callId, StringComparison.Ordinal));
        Assert.Contains(sources, s => s.Name.StartsWith("file:", StringComparison.Ordinal) && s.Content.Length >= chunk.Length);
    }

    /// <summary>The marker as UTF-8, UTF-16 and in base64 at each of the three alignments.</summary>
    private static List<byte[]> Needles(byte[] marker)
    {
        var needles = new List<byte[]> { marker, Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(marker)) };
        for (var pad = 0; pad < 3; pad++)
        {
            var padded = new byte[pad].Concat(marker).Concat(marker).ToArray();
            var b64 = Convert.ToBase64String(padded);
            needles.Add(Encoding.ASCII.GetBytes(b64.Substring(4, 24)));
        }

        return needles;
    }

    private async Task<List<(string, byte[])>> ReadBlobsAsync()
    {
        var result = new List<(string, byte[])>();
        var service = new BlobServiceClient(fixture.ConnectionString);
        await foreach (var container in service.GetBlobContainersAsync())
        {
            var client = service.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = await client.GetBlobClient(blob.Name).DownloadContentAsync();
                result.Add(($"blob:{container.Name}/{blob.Name}", content.Value.Content.ToArray()));
            }
        }

        return result;
    }

    private async Task<List<(string, byte[])>> ReadTablesAsync()
    {
        var result = new List<(string, byte[])>();
        var service = new TableServiceClient(fixture.ConnectionString);
        await foreach (var table in service.QueryAsync())
        {
            var text = new StringBuilder();
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (key, value) in entity)
                {
                    text.Append(key).Append('=').Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value).Append('\n');
                }
            }

            result.Add(($"table:{table.Name}", Encoding.UTF8.GetBytes(text.ToString())));
        }

        return result;
    }

    private async Task<List<(string, byte[])>> ReadQueuesAsync()
    {
        var result = new List<(string, byte[])>();
        var service = new QueueServiceClient(fixture.ConnectionString);
        await foreach (var queue in service.GetQueuesAsync())
        {
            var messages = await service.GetQueueClient(queue.Name).PeekMessagesAsync(32);
            foreach (var message in messages.Value)
            {
                result.Add(($"queue:{queue.Name}", message.Body.ToArray()));
                result.Add(($"queue:{queue.Name} (base64-decoded)", TryBase64(message.Body.ToString())));
            }
        }

        return result;
    }

    private static IEnumerable<(string, byte[])> ReadFiles(string root) =>
        EmulatorFiles.ReadAll(root).Select(f => ($"file:{f.Path}", f.Content));

    private static byte[] TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
