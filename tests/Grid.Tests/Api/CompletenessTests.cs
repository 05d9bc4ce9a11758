using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Grid.Calls;
using Grid.Events;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Orleans.Streams;

namespace Grid.Tests.Api;

/// <summary>Capture completeness over real HTTP: call records in (JSON and CSV), reconciliation, report, alerts.</summary>
[Collection(GridCollection.Name)]
public sealed class CompletenessTests(GridFixture fixture) : IAsyncLifetime
{
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;

    private static string Party(int i) => $"+44 20 7946 {5_000 + i}";

    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private async Task<JsonElement> ReportAsync(string tenantId, string token, DateTimeOffset from, DateTimeOffset to)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/completeness?from={Uri.EscapeDataString(Time(from))}&to={Uri.EscapeDataString(Time(to))}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static (int Expected, int Recorded, int Missing, int Pending, int Partial, int Paused, double? Coverage) Counts(JsonElement counts) =>
        (counts.GetProperty("expected").GetInt32(), counts.GetProperty("recorded").GetInt32(), counts.GetProperty("missing").GetInt32(),
         counts.GetProperty("pending").GetInt32(), counts.GetProperty("partial").GetInt32(), counts.GetProperty("paused").GetInt32(),
         counts.GetProperty("coveragePercent").ValueKind == JsonValueKind.Null ? null : counts.GetProperty("coveragePercent").GetDouble());

    private async Task<(ConcurrentQueue<TenantEvent> Events, StreamSubscriptionHandle<TenantEventEnvelope> Subscription)> ListenAsync(string tenantId)
    {
        var received = new ConcurrentQueue<TenantEvent>();
        var stream = fixture.InternalClient.GetStreamProvider(GridStreams.ProviderName)
            .GetStream<TenantEventEnvelope>(StreamId.Create(GridStreams.TenantEventsNamespace, tenantId));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (e.Event is CompletenessRecordingMissing or RecordingGapsExceeded)
            {
                received.Enqueue(e.Event);
            }

            return Task.CompletedTask;
        });
        return (received, subscription);
    }

    [Fact]
    public async Task Twenty_expected_calls_against_seventeen_recordings_give_exact_counts_coverage_the_three_missing_and_one_alert()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var admin = fixture.TokenOf("admin-1", tenantId, GridRoles.TenantAdmin);
        var analyst = fixture.TokenOf("analyst-1", tenantId, GridRoles.Analyst);
        var (events, subscription) = await ListenAsync(tenantId);
        using var policy = await api.SendAsync(HttpMethod.Put, $"v1/tenants/{tenantId}/completeness/policy", admin, new { alwaysRecordedLines = new[] { "desk-1" }, matchToleranceSeconds = 60, recheckAfterMinutes = 15, partialGapSeconds = 1, referenceTags = new[] { "call-ref" } });
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);

        // Calls 10 s apart; 3, 12 and 15 were never recorded; 5 lost 30 s of media; 7 was paused for card data. Even
        // calls carry the phone system's reference as a tag; odd ones are matched by the caller's number and time.
        var t0 = fixture.Clock.GetUtcNow();
        int[] unrecorded = [3, 12, 15];
        for (var i = 0; i < 20; i++)
        {
            if (!unrecorded.Contains(i))
            {
                var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, $"call-{i:00}"));
                var tags = i % 2 == 0 ? new Dictionary<string, string> { ["call-ref"] = $"REF-{i}" } : new Dictionary<string, string>();
                await call.StartAsync(TestTenants.Metadata(Party(i)) with { Tags = tags });
                await call.AppendAsync(0, TestTenants.RandomBytes(800, seed: i));
                if (i == 5)
                {
                    await call.ReportMediaGapsAsync([new MediaGapReport(0, 1_000, 31_000, "loss")]);
                }

                if (i == 7)
                {
                    await call.PauseAsync(new PauseRequest(1, "card-data", "recorder"));
                    await call.ResumeAsync(2);
                    await call.AppendAsync(2, TestTenants.RandomBytes(800, seed: 70));
                }

                await call.EndAsync();
            }

            fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        // The phone system's records: each call began 5 s before its recording, lasted 0 s (so each seal is 5 s after
        // the call's end). The first ten as JSON, the rest as CSV; one row twice.
        var calls = Enumerable.Range(0, 20).Select(i => new
        {
            startedAt = Time(t0.AddSeconds((10 * i) - 5)),
            durationSeconds = 0,
            line = i < 10 ? "desk-1" : "desk-2",
            direction = "inbound",
            parties = new[] { Party(i) },
            reference = i % 2 == 0 ? $"REF-{i}" : null,
        }).ToList();
        using var json = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/completeness/expected", admin, new { calls = calls.Take(11) });
        var csv = new StringBuilder("startedAt,durationSeconds,line,direction,parties,reference\n");
        foreach (var call in calls.Skip(10))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{call.startedAt},0,{call.line},inbound,\"{call.parties[0]}\",{call.reference}\n");
        }

        using var csvRequest = ApiHost.Request(HttpMethod.Post, $"v1/tenants/{tenantId}/completeness/expected", admin);
        csvRequest.Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        using var csvResponse = await api.Http.SendAsync(csvRequest);
        var (from, to) = (t0.AddMinutes(-1), t0.AddMinutes(5));

        // At once: the three unrecorded calls are pending (their recheck time has not come), not missing.
        var early = await ReportAsync(tenantId, admin, from, to);
        var noAlertYet = events.Count(e => e is CompletenessRecordingMissing);
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        var report = await ReportAsync(tenantId, admin, from, to);
        var forAnalyst = await ReportAsync(tenantId, analyst, from, to);
        await ReportAsync(tenantId, admin, from, to);
        using var download = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/completeness?from={Uri.EscapeDataString(Time(from))}&to={Uri.EscapeDataString(Time(to))}&format=csv", analyst);
        var rows = (await download.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        await Eventually.UntilAsync(() => Task.FromResult(events.Count), n => n >= 2, seconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await subscription.UnsubscribeAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (json.StatusCode, csvResponse.StatusCode));
        Assert.Equal((11, 0), (JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("accepted").GetInt32(), 0));
        using (var imported = JsonDocument.Parse(await csvResponse.Content.ReadAsStringAsync()))
        {
            Assert.Equal((9, 1), (imported.RootElement.GetProperty("accepted").GetInt32(), imported.RootElement.GetProperty("duplicates").GetInt32()));
        }

        Assert.Equal((20, 17, 0, 3, 1, 1, (double?)100.0), Counts(early.GetProperty("total")));
        Assert.Equal(0, noAlertYet);
        Assert.Equal((20, 17, 3, 0, 1, 1, (double?)85.0), Counts(report.GetProperty("total")));
        Assert.Equal((5.0, 5.0), (report.GetProperty("total").GetProperty("endToDurableMedianSeconds").GetDouble(), report.GetProperty("total").GetProperty("endToDurableMaxSeconds").GetDouble()));
        var lines = report.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["desk-1", "desk-2"], lines.Select(l => l.GetProperty("line").GetString()));
        Assert.Equal((10, 9, 1, 0, 1, 1, (double?)90.0), Counts(lines[0].GetProperty("counts")));
        Assert.Equal((10, 8, 2, 0, 0, 0, (double?)80.0), Counts(lines[1].GetProperty("counts")));

        var byStart = report.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(
            [(3, (string?)null), (12, "REF-12"), (15, null)],
            byStart.Select((c, i) => (i, c)).Where(p => p.c.GetProperty("status").GetString() == "missing")
                .Select(p => (p.i, p.c.GetProperty("reference").GetString())));
        Assert.Equal(
            Enumerable.Range(0, 20).Where(i => !unrecorded.Contains(i)).Select(i => $"call-{i:00}"),
            byStart.Where(c => c.GetProperty("status").GetString() == "recorded").Select(c => c.GetProperty("callId").GetString()));
        Assert.Equal((true, 30.0), (byStart[5].GetProperty("partial").GetBoolean(), byStart[5].GetProperty("mediaGapSeconds").GetDouble()));
        var pause = Assert.Single(byStart[7].GetProperty("pauses").EnumerateArray());
        Assert.Equal("card-data", pause.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, byStart[3].GetProperty("parties").ValueKind);
        Assert.Equal([Party(3)], forAnalyst.GetProperty("calls")[3].GetProperty("parties").EnumerateArray().Select(p => p.GetString()));

        Assert.Equal(21, rows.Length);
        Assert.StartsWith("startedAt,line,reference,direction", rows[0], StringComparison.Ordinal);
        Assert.Contains("\"missing\"", rows[4], StringComparison.Ordinal);
        Assert.Contains($"\"'{Party(3)}\"", rows[4], StringComparison.Ordinal);

        // One alert: the always-recorded line's missing call (once, though reported three times); and call 5's gaps.
        Assert.Equal(
            [new CompletenessRecordingMissing(null, "desk-1", t0.AddSeconds(25))],
            events.OfType<CompletenessRecordingMissing>());
        Assert.Equal([new RecordingGapsExceeded("call-05", 30_000)], events.OfType<RecordingGapsExceeded>());
        var stored = EmulatorFiles.ReadAll(fixture.AzuriteDataPath);
        Assert.DoesNotContain(stored, f => f.Content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Party(3))) >= 0);
    }

    [Fact]
    public async Task A_recording_that_arrives_within_the_recheck_delay_raises_no_alert()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var admin = fixture.TokenOf("admin-1", tenantId, GridRoles.TenantAdmin);
        var (events, subscription) = await ListenAsync(tenantId);
        using var policy = await api.SendAsync(HttpMethod.Put, $"v1/tenants/{tenantId}/completeness/policy", admin, new { alwaysRecordedLines = new[] { "desk-9" }, matchToleranceSeconds = 600, recheckAfterMinutes = 15, partialGapSeconds = 1, referenceTags = Array.Empty<string>() });
        var t0 = fixture.Clock.GetUtcNow();
        using var imported = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/completeness/expected", admin, new { calls = new[] { new { startedAt = Time(t0), durationSeconds = 60, line = "desk-9", parties = new[] { Party(99) } } } });

        var before = await ReportAsync(tenantId, admin, t0.AddMinutes(-1), t0.AddMinutes(1));
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, "late-call"));
        await call.StartAsync(TestTenants.Metadata(Party(99)));
        await call.AppendAsync(0, [1, 2, 3]);
        await call.EndAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        var after = await ReportAsync(tenantId, admin, t0.AddMinutes(-1), t0.AddMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await subscription.UnsubscribeAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (policy.StatusCode, imported.StatusCode));
        Assert.Equal((1, 0, 0, 1, 0, 0, (double?)null), Counts(before.GetProperty("total")));
        Assert.Equal((1, 1, 0, 0, 0, 0, (double?)100.0), Counts(after.GetProperty("total")));
        Assert.Equal("late-call", after.GetProperty("calls")[0].GetProperty("callId").GetString());
        Assert.Equal(240.0, after.GetProperty("calls")[0].GetProperty("endToDurableSeconds").GetDouble());
        Assert.Empty(events);
    }

    [Fact]
    public async Task Bad_imports_and_reports_are_refused_with_typed_errors_and_add_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var admin = fixture.TokenOf("admin-1", tenantId, GridRoles.TenantAdmin);
        var analyst = fixture.TokenOf("analyst-1", tenantId, GridRoles.Analyst);
        var t0 = fixture.Clock.GetUtcNow();
        var path = $"v1/tenants/{tenantId}/completeness/expected";

        using var byAnalyst = await api.SendAsync(HttpMethod.Post, path, analyst, new { calls = new[] { new { startedAt = Time(t0), line = "desk-1", parties = new[] { Party(1) } } } });
        using var numberAsLine = await api.SendAsync(HttpMethod.Post, path, admin, new { calls = new[] { new { startedAt = Time(t0), line = "+442079460000", parties = new[] { Party(1) } } } });
        using var nothingToMatch = await api.SendAsync(HttpMethod.Post, path, admin, new { calls = new[] { new { startedAt = Time(t0), line = "desk-1", parties = Array.Empty<string>() } } });
        using var empty = await api.SendAsync(HttpMethod.Post, path, admin, new { calls = Array.Empty<object>() });
        using var badCsv = ApiHost.Request(HttpMethod.Post, path, admin);
        badCsv.Content = new StringContent("startedAt,line,secret\nnot-a-time,desk-1,x\n", Encoding.UTF8, "text/csv");
        using var badCsvResponse = await api.Http.SendAsync(badCsv);
        using var badTime = ApiHost.Request(HttpMethod.Post, path, admin);
        badTime.Content = new StringContent("startedAt,line,parties\nyesterday,desk-1,+442079460001\n", Encoding.UTF8, "text/csv");
        using var badTimeResponse = await api.Http.SendAsync(badTime);
        using var tooLong = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/completeness?from={Uri.EscapeDataString(Time(t0))}&to={Uri.EscapeDataString(Time(t0.AddDays(32)))}", admin);
        using var badPolicy = await api.SendAsync(HttpMethod.Put, $"v1/tenants/{tenantId}/completeness/policy", admin, new { alwaysRecordedLines = new[] { "Desk 1" }, matchToleranceSeconds = 60, recheckAfterMinutes = 15, partialGapSeconds = 1, referenceTags = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.Forbidden, byAnalyst.StatusCode);
        Assert.All([numberAsLine, nothingToMatch, empty, badCsvResponse, badTimeResponse, tooLong, badPolicy], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("not a phone number", await DetailAsync(numberAsLine), StringComparison.Ordinal);
        Assert.Contains("'secret' is not one", await DetailAsync(badCsvResponse), StringComparison.Ordinal);
        Assert.Contains("row 2: startedAt", await DetailAsync(badTimeResponse), StringComparison.Ordinal);
        var report = await ReportAsync(tenantId, admin, t0.AddDays(-1), t0.AddDays(1));
        Assert.Equal(0, report.GetProperty("total").GetProperty("expected").GetInt32());
        using var stored = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/completeness/policy", admin);
        Assert.Equal(120, JsonDocument.Parse(await stored.Content.ReadAsStringAsync()).RootElement.GetProperty("matchToleranceSeconds").GetInt32());
    }
}
