using System.Net;
using Grid.Calls;
using Grid.Grains.Calls;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Grid.Tests.Api;

/// <summary>Seeking reads the frames that hold the range, wherever it is: counted, not timed.</summary>
[Collection(GridCollection.Name)]
public sealed class ApiSeekTests(GridFixture fixture) : IAsyncLifetime
{
    private const int ChunkBytes = 1_600;
    private const int Chunks = 600;
    private const int WaveHeader = 58;
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    private long FramesRead() => fixture.Cluster.Silos.Sum(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<RecordingFiles>().RangeFramesRead);

    [Fact]
    public async Task A_one_kilobyte_range_reads_one_frame_at_ten_fifty_and_ninety_percent_and_two_across_a_frame_boundary()
    {
        // 60 s of A-law stereo (16,000 bytes a second) in 600 chunks of 100 ms.
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6301") with { MediaType = "audio/PCMA;rate=8000;channels=2" });
        var media = TestTenants.RandomBytes(ChunkBytes * Chunks, seed: 630);
        for (var i = 0; i < Chunks; i++)
        {
            await call.AppendAsync(i, media[(i * ChunkBytes)..((i + 1) * ChunkBytes)]);
        }

        await call.EndAsync();
        var analyst = fixture.TokenOf("analyst-seek", tenantId, GridRoles.Analyst);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}/media";

        async Task<(long Frames, byte[] Bytes, HttpStatusCode Status)> RangeAsync(long first, long last)
        {
            var before = FramesRead();
            using var request = ApiHost.Request(HttpMethod.Get, path, analyst);
            request.Headers.TryAddWithoutValidation("Range", $"bytes={first}-{last}");
            using var response = await api.Http.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return (FramesRead() - before, bytes, response.StatusCode);
        }

        var results = new List<(long Frames, byte[] Bytes, HttpStatusCode Status, long Offset)>();
        foreach (var percent in new[] { 10, 50, 90 })
        {
            var offset = (Chunks * percent / 100 * ChunkBytes) + 100;
            var (frames, bytes, status) = await RangeAsync(WaveHeader + offset, WaveHeader + offset + 1_023);
            results.Add((frames, bytes, status, offset));
        }

        var across = await RangeAsync(WaveHeader + (300 * ChunkBytes) - 512, WaveHeader + (300 * ChunkBytes) + 511);

        Assert.All(results, r => Assert.Equal(HttpStatusCode.PartialContent, r.Status));
        Assert.Equal([1L, 1L, 1L], results.Select(r => r.Frames));
        Assert.All(results, r => Assert.Equal(Convert.ToHexString(media, (int)r.Offset, 1_024), Convert.ToHexString(r.Bytes)));
        Assert.Equal(2, across.Frames);
        Assert.Equal(Convert.ToHexString(media, (300 * ChunkBytes) - 512, 1_024), Convert.ToHexString(across.Bytes));
    }

    [Fact]
    public async Task Twenty_listeners_of_one_recording_read_at_once_and_each_gets_exactly_its_range()
    {
        // Each read has an activation of its own: with a shared (stateless-worker) reader, a streamed read's next page
        // could reach an activation that does not hold its enumerator.
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6302") with { MediaType = "audio/PCMA;rate=8000;channels=2" });
        var media = TestTenants.RandomBytes(ChunkBytes * 120, seed: 631);
        for (var i = 0; i < 120; i++)
        {
            await call.AppendAsync(i, media[(i * ChunkBytes)..((i + 1) * ChunkBytes)]);
        }

        await call.EndAsync();
        var analyst = fixture.TokenOf("analyst-many", tenantId, GridRoles.Analyst);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}/media";

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(async listener =>
        {
            var first = listener * 8 * ChunkBytes / 2;
            using var request = ApiHost.Request(HttpMethod.Get, path, analyst);
            request.Headers.TryAddWithoutValidation("Range", $"bytes={WaveHeader + first}-");
            using var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return (listener, first, response.StatusCode, Bytes: await response.Content.ReadAsByteArrayAsync());
        }));

        Assert.All(reads, r => Assert.Equal(HttpStatusCode.PartialContent, r.StatusCode));
        Assert.All(reads, r => Assert.True(media.AsSpan(r.first).SequenceEqual(r.Bytes), $"listener {r.listener} got other bytes"));
    }
}
