using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Grid.Audit;
using Grid.Calls;
using Grid.Grains.Calls;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Grid.Tests.Api;

/// <summary>The waveform: exact levels per channel and column, the pause on the player's timeline, the SVG's links, access.</summary>
[Collection(GridCollection.Name)]
public sealed class ApiWaveformTests(GridFixture fixture) : IAsyncLifetime
{
    private const int SecondBytes = 16_000;

    // A-law codes (sent with even bits inverted): segment 4, mantissa 0 is |x| = 2,112 (-23.8 dBFS, level 77);
    // segment 6, mantissa 8 is |x| = 12,544 (-8.3 dBFS, level 109).
    private const byte Silence = 0xD5;
    private const byte Quiet = 0x40 ^ 0x55;
    private const byte Loud = 0x68 ^ 0x55;

    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    private long Computed() => fixture.Cluster.Silos.Sum(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<Waveforms>().Computed);

    private async Task<int> WaveformReadsAsync(string tenantId, string callId) =>
        (await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync()).Records.Count(r => r.Action == "key.unwrap" && r.Purpose == "waveform" && r.CallId == callId);

    /// <summary>
    /// Four seconds of stereo A-law: channel 0 speaks quietly in second 0, channel 1 loudly in the third second
    /// recorded; the recording was paused for 2 s after the second one, and its recorder reported 200 ms of channel 1
    /// lost at 0.5 s. The player's timeline is 6 s.
    /// </summary>
    private async Task<string> RecordAsync(string tenantId)
    {
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6401") with { MediaType = "audio/PCMA;rate=8000;channels=2" });
        static byte[] Second(byte left, byte right) => [.. Enumerable.Range(0, SecondBytes).Select(i => i % 2 == 0 ? left : right)];
        await call.AppendAsync(0, Second(Quiet, Silence));
        await call.AppendAsync(1, Second(Silence, Silence));
        await call.PauseAsync(new PauseRequest(2, "card-data", "recorder"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        await call.ResumeAsync(2);
        await call.AppendAsync(2, Second(Silence, Loud));
        await call.AppendAsync(3, Second(Silence, Silence));
        await call.ReportMediaGapsAsync([new MediaGapReport(1, 500, 700, "loss")]);
        await call.EndAsync();
        return callId;
    }

    [Fact]
    public async Task The_waveform_has_each_columns_loudest_level_per_channel_on_the_players_timeline_and_is_computed_once_but_audited_each_time()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = await RecordAsync(tenantId);
        var analyst = fixture.TokenOf("analyst-w", tenantId, GridRoles.Analyst);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}/waveform?columns=60&format=json";

        var before = Computed();
        using var first = await api.Http.SendAsync(ApiHost.Request(HttpMethod.Get, path, analyst));
        var body = await first.Content.ReadAsStringAsync();
        var afterFirst = Computed();
        using var second = await api.Http.SendAsync(ApiHost.Request(HttpMethod.Get, path, analyst));
        var again = await second.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal((1L, afterFirst), (afterFirst - before, Computed()));
        Assert.Equal(body, again);
        var waveform = JsonSerializer.Deserialize<WaveformBody>(body, JsonSerializerOptions.Web)!.Waveform;
        Assert.Equal((60, 2, 6_000L, 0), (waveform.Columns, waveform.Channels, waveform.DurationMs, waveform.Version));
        Assert.Equal((77, 109), (RecordingWaveform.LevelOf(2_112), RecordingWaveform.LevelOf(12_544)));

        // 100 ms a column: channel 0 in columns 0-9; channel 1's loud second is the fifth of the player's timeline
        // (after the 2 s pause), columns 40-49; everything else silence.
        var expected = new byte[120];
        Array.Fill(expected, (byte)77, 0, 10);
        Array.Fill(expected, (byte)109, 60 + 40, 10);
        Assert.Equal(expected, waveform.Levels);
        Assert.Equal([new WaveformSpan(2_000, 4_000, "pause", "card-data")], waveform.Pauses);
        Assert.Equal(2, await WaveformReadsAsync(tenantId, callId));
    }

    [Fact]
    public async Task The_svg_links_each_second_to_the_media_marks_the_pause_and_gap_and_refusals_read_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = await RecordAsync(tenantId);
        var analyst = fixture.TokenOf("analyst-s", tenantId, GridRoles.Analyst);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}/waveform";

        using var svgResponse = await api.Http.SendAsync(ApiHost.Request(HttpMethod.Get, path + "?columns=600", analyst));
        var svg = XDocument.Parse(await svgResponse.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal(HttpStatusCode.OK, svgResponse.StatusCode);
        Assert.Equal("image/svg+xml", svgResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("default-src 'none'", string.Join(";", svgResponse.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Equal(["media#t=0", "media#t=1", "media#t=2", "media#t=3", "media#t=4", "media#t=5"], svg.Descendants(ns + "a").Select(a => (string)a.Attribute("href")!));
        var pause = Assert.Single(svg.Descendants(ns + "rect"), r => (string?)r.Attribute("class") == "pause");
        Assert.Equal(("200", "200"), ((string)pause.Attribute("x")!, (string)pause.Attribute("width")!));
        var gap = Assert.Single(svg.Descendants(ns + "rect"), r => (string?)r.Attribute("class") == "gap");
        Assert.Equal(("50", "72", "20"), ((string)gap.Attribute("x")!, (string)gap.Attribute("y")!, (string)gap.Attribute("width")!));
        Assert.Equal(2, svg.Descendants(ns + "path").Count(p => (string?)p.Attribute("class") == "channel"));
        Assert.Equal(1, await WaveformReadsAsync(tenantId, callId));

        // Refused: a person without a content role; a column count out of range; an unknown format; another tenant's
        // call id under one's own tenant. Nothing is read or computed for any of them.
        var computed = Computed();
        var admin = fixture.TokenOf("admin-s", tenantId, GridRoles.TenantAdmin);
        using var noRole = await api.Http.SendAsync(ApiHost.Request(HttpMethod.Get, path, admin));
        using var tooFew = await api.Http.SendAsync(ApiHost.Request(HttpMethod.Get, path + "?columns=10", analyst));
        using var png = await api.Http.SendAsync(ApiHost.Request(HttpMethod.Get, path + "?format=png", analyst));
        var otherTenant = await TestTenants.ProvisionAsync(fixture.Client);
        var stranger = fixture.TokenOf("analyst-x", otherTenant, GridRoles.Analyst);
        using var elsewhere = await api.Http.SendAsync(ApiHost.Request(HttpMethod.Get, $"v1/tenants/{otherTenant}/recordings/{callId}/waveform", stranger));

        Assert.Equal(
            [(HttpStatusCode.Forbidden, "not-authorized"), (HttpStatusCode.BadRequest, "invalid-input"), (HttpStatusCode.BadRequest, "invalid-input"), (HttpStatusCode.NotFound, "recording-not-found")],
            new[] { (noRole.StatusCode, await ApiHost.CodeOfAsync(noRole)), (tooFew.StatusCode, await ApiHost.CodeOfAsync(tooFew)), (png.StatusCode, await ApiHost.CodeOfAsync(png)), (elsewhere.StatusCode, await ApiHost.CodeOfAsync(elsewhere)) });
        Assert.Equal(computed, Computed());
        Assert.Equal(1, await WaveformReadsAsync(tenantId, callId));
    }

    [Fact]
    public async Task Opus_has_no_waveform_a_typed_refusal_before_any_key_is_used()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6402") with { MediaType = "audio/opus" });
        await call.AppendAsync(0, TestTenants.RandomBytes(400, seed: 64));
        await call.EndAsync();
        var analyst = fixture.TokenOf("analyst-o", tenantId, GridRoles.Analyst);

        using var response = await api.Http.SendAsync(ApiHost.Request(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/waveform", analyst));

        Assert.Equal((HttpStatusCode.Conflict, "media-format-unsupported"), (response.StatusCode, await ApiHost.CodeOfAsync(response)));
        Assert.Equal(0, await WaveformReadsAsync(tenantId, callId));
    }

    private sealed record WaveformBody(RecordingWaveform Waveform, List<MediaGapReport> MediaGaps);
}
