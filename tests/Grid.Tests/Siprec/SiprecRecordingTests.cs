using System.Net;
using System.Text.Json;
using Grid.Audit;
using Grid.Calls;
using Grid.Security;
using Grid.Development.Sip;
using Grid.Tests.Api;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Siprec;

/// <summary>
/// SIPREC end to end: SIPp (the SRC) → the SRS → the recorder SDK → the Grid on Azurite, checked through the customer
/// API and in storage.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class SiprecRecordingTests(GridFixture fixture) : IAsyncLifetime
{
    private const byte AlawSilence = 0xD5;
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    /// <summary>Packet k of a stream: 160 A-law bytes that are never silence and differ between streams and packets.</summary>
    public static IReadOnlyList<byte[]> Payloads(int first, int packets = 50) =>
        [.. Enumerable.Range(0, packets).Select(k => Enumerable.Range(0, 160).Select(i => (byte)(((first + k + i) % 0x50) + 0x10)).ToArray())];

    private async Task<List<string>> SearchAsync(string tenantId, string participant)
    {
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);
        using var response = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/search", analyst, new { participant });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()!)];
    }

    private async Task<CallSummary> SealedAsync(string tenantId, string callId)
    {
        // The SRS seals after answering the BYE: wait for it (the value is asserted by the caller).
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var summary = await Eventually.UntilAsync(() => call.GetSummaryAsync(), s => s.Status == CallStatus.Sealed, seconds: 30);
        Assert.Equal(CallStatus.Sealed, summary.Status);
        return summary;
    }

    private async Task<string> OnlyCallAsync(string tenantId)
    {
        var calls = await SearchAsync(tenantId, "sip:2001@pbx.example.test");
        return Assert.Single(calls);
    }

    [Fact]
    public async Task A_siprec_call_is_stored_bit_exact_per_channel_with_its_participants_found_by_the_callers_number_and_sealed()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        await using var srs = await SrsUnderTest.StartAsync(fixture.Client, tenantId);
        var payloads = new[] { Payloads(first: 0x10), Payloads(first: 0x60) };

        var result = await SippRunner.RunAsync("siprec_call_rtp.xml", srs.Udp, "udp", prepareFolder: folder =>
        {
            Directory.CreateDirectory(Path.Combine(folder, "pcap"));
            // The streams end with comfort noise, as a phone's do when its talker stops: the half second or more until
            // the BYE is then the source's silence, and no gap, however late a loaded box sends that BYE.
            PcapWriter.WriteTwoStreamCall(Path.Combine(folder, "pcap", "streams.pcap"), DateTimeOffset.UnixEpoch, 6000, 8, payloads, endWithComfortNoise: true);
        });

        Assert.True(result.Succeeded, result.ToString());
        var byCallerNumber = await SearchAsync(tenantId, "+1 555 0100");
        var callId = Assert.Single(byCallerNumber);
        Assert.StartsWith("siprec-", callId, StringComparison.Ordinal);
        var summary = await SealedAsync(tenantId, callId);
        Assert.Equal([], summary.MediaGaps);
        Assert.Equal([], summary.Pauses);
        Assert.Equal([], summary.Gaps);
        Assert.Equal(0, summary.MetadataUpdates);

        var metadata = await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetMetadataAsync();
        Assert.Equal("audio/PCMA;rate=8000;channels=2", metadata.MediaType);
        Assert.Equal(
            [new Participant("channel-0", "sip:+15550100@caller.example.test", "Caller A"), new Participant("channel-1", "sip:2001@pbx.example.test", "Agent B")],
            metadata.Participants);
        Assert.Equal(("pbx-1", "0=1;1=2"), (metadata.Tags["srs.route"], metadata.Tags["siprec.channels"]));

        // Played through the customer API as a standard stereo A-law WAV: each channel holds its stream's payload bytes.
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);
        using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/media", analyst);
        var wav = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(("audio/wav", 6, 2), (response.Content.Headers.ContentType?.MediaType, (int)BitConverter.ToUInt16(wav, 20), (int)BitConverter.ToUInt16(wav, 22)));
        var media = wav[58..];
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = media.Where((_, i) => i % 2 == channel).ToArray();
            var first = Array.FindIndex(samples, b => b != AlawSilence);
            var last = Array.FindLastIndex(samples, b => b != AlawSilence);
            Assert.Equal(payloads[channel].SelectMany(p => p).ToArray(), samples[first..(last + 1)]);
        }

        // Encrypted on receipt: no packet's payload is anywhere in storage.
        var stored = EmulatorFiles.ReadAll(fixture.AzuriteDataPath);
        Assert.DoesNotContain(stored, f => f.Content.AsSpan().IndexOf(payloads[0][10]) >= 0 || f.Content.AsSpan().IndexOf(payloads[1][20]) >= 0);
    }

    [Fact]
    public async Task Signalling_over_tcp_records_the_session_and_the_bye_seals_it()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        await using var srs = await SrsUnderTest.StartAsync(fixture.Client, tenantId);

        var result = await SippRunner.RunAsync("siprec_call.xml", srs.Tcp, "tcp");

        Assert.True(result.Succeeded, result.ToString());
        var callId = await OnlyCallAsync(tenantId);
        var summary = await SealedAsync(tenantId, callId);
        Assert.Equal(CallStatus.Sealed, summary.Status);
        var metadata = await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetMetadataAsync();
        Assert.Equal(["sip:+15550100@caller.example.test", "sip:2001@pbx.example.test"], metadata.Participants.Select(p => p.Identifier));
        Assert.False(metadata.Tags.ContainsKey("srs.end-reason"));
    }

    [Fact]
    public async Task A_reinvite_with_inactive_streams_is_a_pause_signalled_by_the_src_and_its_metadata_update_is_recorded()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        await using var srs = await SrsUnderTest.StartAsync(fixture.Client, tenantId);

        var result = await SippRunner.RunAsync("siprec_pause_resume.xml", srs.Udp, "udp");

        Assert.True(result.Succeeded, result.ToString());
        var callId = await OnlyCallAsync(tenantId);
        var summary = await SealedAsync(tenantId, callId);
        var pause = Assert.Single(summary.Pauses);
        Assert.Equal(("siprec-inactive", "siprec", "recorder:srs", "recorder:srs"), (pause.Reason, pause.Source, pause.PausedBy, pause.ResumedBy));
        Assert.NotNull(pause.ResumedAt);
        Assert.Equal(pause.FromSequence, pause.ToSequence);
        Assert.Equal([], summary.Gaps);
        Assert.Equal(1, summary.MetadataUpdates);

        // The resuming re-INVITE carried the update: the SRS applies its metadata, then resumes. The participant who
        // joined is on the call and finds it.
        Assert.Equal([callId], await SearchAsync(tenantId, "sip:2002@pbx.example.test"));
        var log = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Equal(
            ["recording.paused", "recording.metadata-updated", "recording.resumed"],
            log.Records.Where(r => r.CallId == callId && r.Action is "recording.paused" or "recording.resumed" or "recording.metadata-updated").Select(r => r.Action));
    }

    [Fact]
    public async Task A_metadata_update_in_an_update_request_replaces_the_calls_metadata()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        await using var srs = await SrsUnderTest.StartAsync(fixture.Client, tenantId);

        var result = await SippRunner.RunAsync("siprec_update.xml", srs.Udp, "udp");

        Assert.True(result.Succeeded, result.ToString());
        var callId = await OnlyCallAsync(tenantId);
        var summary = await SealedAsync(tenantId, callId);
        Assert.Equal(1, summary.MetadataUpdates);
    }

    [Fact]
    public async Task A_source_no_route_knows_is_refused_with_403_and_nothing_is_stored()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        await using var srs = await SrsUnderTest.StartAsync(fixture.Client, tenantId, sources: ["192.0.2.10"]);

        var result = await SippRunner.RunAsync("unknown_source.xml", srs.Udp, "udp");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(0, srs.Backend.OpenRecordings);
        Assert.Equal([], await SearchAsync(tenantId, "sip:2001@pbx.example.test"));
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);
        using var all = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/search", analyst, new { });
        Assert.Equal(0, JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_src_that_vanishes_gets_a_bye_and_its_recording_is_sealed_with_the_reason()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        await using var srs = await SrsUnderTest.StartAsync(fixture.Client, tenantId, configure: o => o.InactivityTimeout = TimeSpan.FromSeconds(2));

        var result = await SippRunner.RunAsync("vanish.xml", srs.Udp, "udp");

        Assert.True(result.Succeeded, result.ToString());
        var callId = await OnlyCallAsync(tenantId);
        var summary = await SealedAsync(tenantId, callId);
        Assert.Equal(1, summary.MetadataUpdates);
        var metadata = await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetMetadataAsync();
        Assert.Equal("SourceVanished", metadata.Tags["srs.end-reason"]);
    }
}
