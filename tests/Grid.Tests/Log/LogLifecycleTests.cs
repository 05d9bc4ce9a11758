using System.ComponentModel.DataAnnotations;
using Azure.Storage.Blobs;
using Grid.Errors;
using Grid.Storage;
using Grid.Storage.Log;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Log;

/// <summary>
/// The log's life on a silo, against Azurite without a cluster: opened by the start, drained by the stop, idle
/// tenants' lanes closed and opened again in new segments that an earlier binding still scans.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class LogLifecycleTests(GridFixture fixture)
{
    private static string NewTenant() => "t-life-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Stopping_the_log_writes_every_queued_frame_before_it_returns_and_refuses_frames_after()
    {
        // A long linger keeps the frames queued when the stop begins; the stop writes them at once.
        var parts = LogParts.Create(fixture, new RecordingLogOptions { Lanes = 1, Linger = TimeSpan.FromSeconds(1), AdaptiveLinger = false });
        var tenantId = NewTenant();
        var start = (await parts.Log.BindAsync(tenantId))[0];
        var records = Enumerable.Range(0, 24).Select(s => LogParts.Frame("call-" + (s % 3), s)).ToList();
        var appends = records.Select(r => parts.Log.AppendAsync(tenantId, r)).ToList();

        var drain = await parts.Log.StopAsync(CancellationToken.None);

        // Durable when the stop returns: the segment holds every frame before any caller has looked at its answer.
        var stored = new List<LogExtent>();
        foreach (var callId in new[] { "call-0", "call-1", "call-2" })
        {
            stored.AddRange(await parts.Scanner.FindAsync(tenantId, start, callId, default));
        }

        Assert.Equal(24, stored.Count);
        Assert.Equal(new { Tenants = 1, Lanes = 1, Queued = 24, Refused = 0, TimedOut = false }, new { drain.Tenants, drain.Lanes, drain.Queued, drain.Refused, drain.TimedOut });
        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        for (var i = 0; i < records.Count; i++)
        {
            var extent = await appends[i];
            var segment = (await container.GetBlobClient(extent.Segment).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(records[i].Frame, segment.AsSpan((int)extent.Offset, extent.Length).ToArray());
            Assert.Contains((extent.Sequence, extent.Segment, extent.Offset, extent.Length), stored.Select(e => (e.Sequence, e.Segment, e.Offset, e.Length)));
        }

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => parts.Log.AppendAsync(tenantId, LogParts.Frame("call-0", 99)));
        Assert.True(refused.IsTransient);
        Assert.Contains("Retry with the same arguments", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => parts.Log.BindAsync(NewTenant()));
        parts.Log.Dispose();
    }

    [Fact]
    public async Task A_log_that_has_not_started_refuses_frames_with_a_retryable_error()
    {
        var storage = new GridStorageOptions { ConnectionString = fixture.ConnectionString };
        var store = new RecordingStore(StorageAccounts.Single(GridStorageClients.Create(storage)));
        using var log = new RecordingLog(store, Options.Create(new RecordingLogOptions()), NullLogger<RecordingLog>.Instance);

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => log.AppendAsync(NewTenant(), LogParts.Frame("call", 0)));

        Assert.True(refused.IsTransient);
        Assert.Equal(0, log.LaneCount);
    }

    [Fact]
    public async Task An_idle_tenants_lanes_are_closed_and_its_next_frame_opens_a_new_segment_an_earlier_binding_still_scans()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var parts = LogParts.Create(fixture, new RecordingLogOptions { Lanes = 1, IdleLaneEviction = TimeSpan.FromMinutes(10) }, clock);
        var tenantId = NewTenant();
        var bound = (await parts.Log.BindAsync(tenantId))[0]; // a call bound before the eviction: it recovers from here
        var before = await parts.Log.AppendAsync(tenantId, LogParts.Frame("call-x", 0));
        var busy = NewTenant();
        _ = await parts.Log.AppendAsync(busy, LogParts.Frame("call-y", 0));
        Assert.Equal(2, parts.Log.LaneCount);

        clock.Advance(TimeSpan.FromMinutes(9));
        _ = await parts.Log.AppendAsync(busy, LogParts.Frame("call-y", 1));
        Assert.Equal(2, parts.Log.LaneCount); // nine minutes idle: kept

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, parts.Log.LaneCount); // the idle tenant's lane is gone, the busy one's stays

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(0, parts.Log.LaneCount);

        var reopened = (await parts.Log.BindAsync(tenantId))[0];
        var after = await parts.Log.AppendAsync(tenantId, LogParts.Frame("call-x", 1));

        Assert.Equal(1, parts.Log.LaneCount);
        Assert.Equal(LogLane.SegmentName(bound.Lane, 0), before.Segment);
        Assert.Equal(new LogPosition(bound.Lane, 1, 0), reopened); // same lane name, a new segment
        Assert.Equal(LogLane.SegmentName(bound.Lane, 1), after.Segment);
        var found = await parts.Scanner.FindAsync(tenantId, bound, "call-x", default);
        Assert.Equal([(0L, before.Segment, before.Offset), (1L, after.Segment, after.Offset)], found.OrderBy(e => e.Sequence).Select(e => (e.Sequence, e.Segment, e.Offset)));
        await parts.Log.StopAsync(CancellationToken.None);
        parts.Log.Dispose();
    }

    [Fact]
    public async Task A_scan_finds_the_frames_written_after_a_segment_the_collector_removed()
    {
        // One append per segment: the lane's next frame goes to a new segment; the collector removes the one before.
        var parts = LogParts.Create(fixture, new RecordingLogOptions { Lanes = 1, MaxBlocksPerSegment = 1, Linger = TimeSpan.Zero });
        var tenantId = NewTenant();
        var gone = await parts.Log.AppendAsync(tenantId, LogParts.Frame("gone", 0));
        var bound = (await parts.Log.BindAsync(tenantId))[0]; // a call starts: bound in the segment of a dead frame
        await parts.Manifests.CreateAsync(tenantId, "quiet", default);

        var removed = (await parts.Collector.CollectAsync(tenantId, default)).Deleted;
        var written = await parts.Log.AppendAsync(tenantId, LogParts.Frame("quiet", 0));
        var found = await parts.Scanner.FindAsync(tenantId, bound, "quiet", default);

        Assert.Equal(1, removed);
        Assert.Equal(gone.Segment, LogLane.SegmentName(bound.Lane, bound.Segment));
        Assert.NotEqual(gone.Segment, written.Segment);
        Assert.Equal([(written.Segment, written.Offset)], found.Select(e => (e.Segment, e.Offset)));
        parts.Log.Dispose();
    }

    [Theory]
    [InlineData("IdleLaneEviction", "00:00:00", "Grid:Storage:Log:IdleLaneEviction must be between 00:00:01 and 1.00:00:00.")]
    [InlineData("IdleLaneEviction", "2.00:00:00", "Grid:Storage:Log:IdleLaneEviction must be between 00:00:01 and 1.00:00:00.")]
    [InlineData("DrainTimeout", "00:00:00.500", "Grid:Storage:Log:DrainTimeout must be between 00:00:01 and 00:05:00.")]
    [InlineData("DrainTimeout", "00:06:00", "Grid:Storage:Log:DrainTimeout must be between 00:00:01 and 00:05:00.")]
    public void A_lifecycle_setting_out_of_range_is_refused_naming_it(string setting, string value, string message)
    {
        var options = new RecordingLogOptions();
        typeof(RecordingLogOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var problems = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).ToList();

        Assert.Equal([message], problems);
        Assert.Empty(new RecordingLogOptions().Validate(new ValidationContext(options)));
    }
}
