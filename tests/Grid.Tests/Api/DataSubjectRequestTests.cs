using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Grid.Calls;
using Grid.Crypto.Signing;
using Grid.Requests;
using Grid.Retention;
using Grid.Security;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Api;

/// <summary>Data-subject requests over HTTP: export bundle, erasure, restriction, correction, deadlines with a real reminder.</summary>
[Collection(GridCollection.Name)]
public sealed class DataSubjectRequestTests(GridFixture fixture) : IAsyncLifetime
{
    private const string Person = "+44 20 7946 5555";
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task<string> RecordAsync(string tenantId, string identifier, string mediaType, byte[] media, string? name = "Jo Bloggs")
    {
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(new CallMetadata
        {
            Direction = CallDirection.Inbound,
            MediaType = mediaType,
            Participants = [new Participant("customer", identifier, name), new Participant("agent", "sip:agent@example.test", "Agent")],
        });
        await call.AppendAsync(0, media[..(media.Length / 2)]);
        await call.AppendAsync(1, media[(media.Length / 2)..]);
        await call.EndAsync();
        return callId;
    }

    private async Task<JsonElement> PostAsync(string path, string token, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await api.SendAsync(HttpMethod.Post, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Opens a request of <paramref name="kind"/> for the person, verifies identity, and runs it.</summary>
    private async Task<(string RequestId, JsonElement Info)> CarryOutAsync(string tenantId, string kind, object? run = null)
    {
        var officer = fixture.TokenOf("dpo-1", tenantId, GridRoles.PrivacyOfficer);
        var opened = await PostAsync($"v1/tenants/{tenantId}/requests", officer, new { kind, identifier = "0044 20 7946 5555", reference = "TICKET-1" }, HttpStatusCode.Created);
        var requestId = opened.GetProperty("requestId").GetString()!;
        var early = await PostAsync($"v1/tenants/{tenantId}/requests/{requestId}/run", officer, new { }, HttpStatusCode.Conflict);
        Assert.Equal("request-state", early.GetProperty("code").GetString());
        await PostAsync($"v1/tenants/{tenantId}/requests/{requestId}/verify-identity", officer, new { text = "verified against the customer record by call-back" });
        return (requestId, await PostAsync($"v1/tenants/{tenantId}/requests/{requestId}/run", officer, run ?? new { }));
    }

    [Fact]
    public async Task An_access_request_exports_a_signed_bundle_whose_files_match_the_recordings_and_withholds_held_ones()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var wavMedia = TestTenants.RandomBytes(3000, seed: 31);
        var ulawMedia = TestTenants.RandomBytes(1600, seed: 32);
        var wav = await RecordAsync(tenantId, Person, "audio/wav", wavMedia);
        var ulaw = await RecordAsync(tenantId, "tel:+442079465555", "audio/PCMU", ulawMedia);
        var held = await RecordAsync(tenantId, "+44 (0)20 7946 5555".Replace("(0)", string.Empty, StringComparison.Ordinal), "audio/wav", wavMedia);
        _ = await RecordAsync(tenantId, "+44 20 7946 9999", "audio/wav", wavMedia);
        await fixture.Client.GetGrain<Grid.Tenants.ITenantGrain>(tenantId).PlaceHoldAsync("CASE-5", held, "litigation hold");

        var (requestId, info) = await CarryOutAsync(tenantId, "access");
        using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/requests/{requestId}/bundle", fixture.TokenOf("dpo-1", tenantId, GridRoles.PrivacyOfficer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        byte[] Entry(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var manifestBody = System.Text.Encoding.UTF8.GetString(Entry("manifest.json"));
        using var signature = JsonDocument.Parse(Entry("manifest.signature.json"));
        using var signer = new ProcessorSigningKey(Microsoft.Extensions.Options.Options.Create(new ProcessorSigningKeyOptions { KeyPath = fixture.SigningKeyPath }));
        var certificate = new DeletionCertificate { Body = manifestBody, Signature = signature.RootElement.GetProperty("signature").GetString()!, KeyId = signature.RootElement.GetProperty("keyId").GetString()! };
        using var manifest = JsonDocument.Parse(manifestBody);
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString()!);

        Assert.Equal("completed", info.GetProperty("status").GetString());
        Assert.True(ProcessorSigningKey.Verify(certificate, signer.PublicKeyPem));
        Assert.False(ProcessorSigningKey.Verify(certificate with { Body = manifestBody.Replace("recordings/", "recordingz/", StringComparison.Ordinal) }, signer.PublicKeyPem));
        Assert.Equal(new[] { $"recordings/{ulaw}.json", $"recordings/{ulaw}.wav", $"recordings/{wav}.json", $"recordings/{wav}.wav" }.Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, sha) in files)
        {
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(Entry(path))));
        }

        Assert.Equal(wavMedia, Entry($"recordings/{wav}.wav"));
        var ulawFile = Entry($"recordings/{ulaw}.wav");
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(ulawFile, 0, 4));
        Assert.Equal(7, BitConverter.ToUInt16(ulawFile, 20));
        Assert.Equal(ulawMedia, ulawFile[58..]);
        Assert.Contains("tel:+442079465555", System.Text.Encoding.UTF8.GetString(Entry($"recordings/{ulaw}.json")), StringComparison.Ordinal);
        Assert.Equal([held], manifest.RootElement.GetProperty("withheld").EnumerateArray().Select(w => w.GetProperty("callId").GetString()));
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Equal(4, log.Records.Count(r => r.Action == "dsr.export" && r.Principal == "dpo-1"));
        Assert.Contains(log.Records, r => r.Action == "dsr.open" && r.Principal == "dpo-1");
        Assert.DoesNotContain(log.Records, r => r.Purpose.Contains("7946", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_legal_hold_case_exports_exactly_its_held_recordings_to_the_legal_hold_role_only()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var media = TestTenants.RandomBytes(2000, seed: 35);
        var held = await RecordAsync(tenantId, Person, "audio/wav", media);
        _ = await RecordAsync(tenantId, "+44 20 7946 9999", "audio/wav", media);
        var counsel = fixture.TokenOf("counsel-1", tenantId, GridRoles.LegalHold);
        var placed = await PostAsync($"v1/tenants/{tenantId}/holds", counsel, new { caseReference = "CASE-42", legalBasis = "court order 7/2026", callId = held }, HttpStatusCode.Created);
        var holdId = placed.GetProperty("holdId").GetString()!;

        var byAdmin = await PostAsync($"v1/tenants/{tenantId}/holds/{holdId}/export", fixture.TokenOf("admin", tenantId, GridRoles.TenantAdmin), new { }, HttpStatusCode.Forbidden);
        var prepared = await PostAsync($"v1/tenants/{tenantId}/holds/{holdId}/export", counsel, new { });
        using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/holds/{holdId}/export", counsel);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        byte[] Entry(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var manifestBody = System.Text.Encoding.UTF8.GetString(Entry("manifest.json"));
        using var signature = JsonDocument.Parse(Entry("manifest.signature.json"));
        using var signer = new ProcessorSigningKey(Microsoft.Extensions.Options.Options.Create(new ProcessorSigningKeyOptions { KeyPath = fixture.SigningKeyPath }));
        using var manifest = JsonDocument.Parse(manifestBody);

        Assert.Equal("role", byAdmin.GetProperty("reason").GetString());
        Assert.Equal(2, prepared.GetProperty("files").GetArrayLength());
        Assert.True(ProcessorSigningKey.Verify(new DeletionCertificate { Body = manifestBody, Signature = signature.RootElement.GetProperty("signature").GetString()!, KeyId = signature.RootElement.GetProperty("keyId").GetString()! }, signer.PublicKeyPem));
        Assert.Equal(("CASE-42", "court order 7/2026"), (manifest.RootElement.GetProperty("caseReference").GetString(), manifest.RootElement.GetProperty("legalBasis").GetString()));
        Assert.Equal(new[] { $"recordings/{held}.json", $"recordings/{held}.wav" }, manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(media, Entry($"recordings/{held}.wav"));
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Equal(2, log.Records.Count(r => r.Action == "hold.export" && r.Principal == "counsel-1" && r.CallId == held));
    }

    [Fact]
    public async Task Erasure_deletes_the_persons_recordings_except_held_ones_and_certifies_it()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var media = TestTenants.RandomBytes(1000, seed: 33);
        var gone = await RecordAsync(tenantId, Person, "audio/wav", media);
        var held = await RecordAsync(tenantId, Person, "audio/wav", media);
        var other = await RecordAsync(tenantId, "+44 20 7946 9999", "audio/wav", media);
        await fixture.Client.GetGrain<Grid.Tenants.ITenantGrain>(tenantId).PlaceHoldAsync("CASE-6", held, "regulator request");

        var (_, info) = await CarryOutAsync(tenantId, "erasure");

        Assert.Equal([gone], info.GetProperty("recordings").EnumerateArray().Select(e => e.GetString()));
        var withheld = info.GetProperty("withheld").EnumerateArray().Single();
        Assert.Equal(held, withheld.GetProperty("callId").GetString());
        Assert.Contains("CASE-6", withheld.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(CallStatus.Deleted, (await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, gone)).GetSummaryAsync()).Status);
        Assert.Equal(CallStatus.Sealed, (await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, held)).GetSummaryAsync()).Status);
        Assert.Equal(CallStatus.Sealed, (await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, other)).GetSummaryAsync()).Status);
        var certificate = info.GetProperty("certificate").Deserialize<DeletionCertificate>(ApiHost.Json)!;
        using var signer = new ProcessorSigningKey(Microsoft.Extensions.Options.Options.Create(new ProcessorSigningKeyOptions { KeyPath = fixture.SigningKeyPath }));
        Assert.True(ProcessorSigningKey.Verify(certificate, signer.PublicKeyPem));
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{tenantId}/{gone}"))), certificate.Body, StringComparison.Ordinal);
        Assert.Contains("CASE-6", certificate.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restriction_blocks_playback_and_keeps_the_recording_and_correction_rewrites_the_metadata_and_index()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var media = TestTenants.RandomBytes(1000, seed: 34);
        var callId = await RecordAsync(tenantId, Person, "audio/wav", media);
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);

        await CarryOutAsync(tenantId, "correction", new { correction = new { identifier = "+44 20 7946 6666", displayName = "Jo Bloggs-Smith" } });
        using var metadata = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/metadata", analyst);
        var corrected = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync()).RootElement.GetProperty("participants")[0];
        var byOld = await PostAsync($"v1/tenants/{tenantId}/recordings/search", analyst, new { participant = Person });
        var byNew = await PostAsync($"v1/tenants/{tenantId}/recordings/search", analyst, new { participant = "+442079466666" });

        Assert.Equal(("+44 20 7946 6666", "Jo Bloggs-Smith"), (corrected.GetProperty("identifier").GetString(), corrected.GetProperty("displayName").GetString()));
        Assert.Empty(byOld.GetProperty("items").EnumerateArray());
        Assert.Equal(callId, byNew.GetProperty("items")[0].GetProperty("callId").GetString());

        // The person, now under the corrected number, restricts processing.
        var officer = fixture.TokenOf("dpo-2", tenantId, GridRoles.PrivacyOfficer);
        var opened = await PostAsync($"v1/tenants/{tenantId}/requests", officer, new { kind = "restriction", identifier = "+44 20 7946 6666" }, HttpStatusCode.Created);
        var requestId = opened.GetProperty("requestId").GetString()!;
        await PostAsync($"v1/tenants/{tenantId}/requests/{requestId}/verify-identity", officer, new { text = "in person" });
        await PostAsync($"v1/tenants/{tenantId}/requests/{requestId}/run", officer, new { });
        using var play = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/media", analyst);
        using var summary = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}", analyst);

        Assert.Equal((HttpStatusCode.Forbidden, "recording-restricted"), (play.StatusCode, await ApiHost.CodeOfAsync(play)));
        Assert.Equal("sealed", JsonDocument.Parse(await summary.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        using var lifted = await api.SendAsync(HttpMethod.Delete, $"v1/tenants/{tenantId}/recordings/{callId}/restriction", officer);
        using var playAgain = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/media", analyst);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Equal(media, await playAgain.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Deadline_notices_follow_the_grids_clock_through_a_real_reminder_and_an_extension_moves_the_deadline()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var officer = fixture.TokenOf("dpo-3", tenantId, GridRoles.PrivacyOfficer);
        var opened = await PostAsync($"v1/tenants/{tenantId}/requests", officer, new { kind = "access", identifier = Person }, HttpStatusCode.Created);
        var requestId = opened.GetProperty("requestId").GetString()!;
        var received = opened.GetProperty("receivedAt").GetDateTimeOffset();
        Assert.Equal(received.AddMonths(1), opened.GetProperty("deadline").GetDateTimeOffset());
        var grain = fixture.Client.GetGrain<IDataSubjectRequestGrain>($"{tenantId}/{requestId}");

        fixture.Clock.Advance(received.AddMonths(1) - TimeSpan.FromDays(6) - fixture.Clock.GetUtcNow());
        var approaching = await WaitForNoticeAsync(grain, "deadline-approaching");
        var extended = await PostAsync($"v1/tenants/{tenantId}/requests/{requestId}/extend", officer, new { text = "complex request: many recordings" });
        var twice = await PostAsync($"v1/tenants/{tenantId}/requests/{requestId}/extend", officer, new { text = "again" }, HttpStatusCode.Conflict);
        fixture.Clock.Advance(received.AddMonths(3) + TimeSpan.FromSeconds(1) - fixture.Clock.GetUtcNow());
        var missed = await WaitForNoticeAsync(grain, "deadline-missed");

        Assert.Single(approaching.Notices);
        Assert.Equal(received.AddMonths(3), extended.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal("request-state", twice.GetProperty("code").GetString());
        Assert.Contains(missed.Notices, n => n.StartsWith("deadline-missed@", StringComparison.Ordinal));
        using var listed = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/requests?open=true", officer);
        var open = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Single();
        Assert.Equal((requestId, "access", "received"), (open.GetProperty("requestId").GetString(), open.GetProperty("kind").GetString(), open.GetProperty("status").GetString()));
        Assert.Equal(received.AddMonths(3), open.GetProperty("deadline").GetDateTimeOffset());
        using var unknown = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/requests/dsr-unknown", officer);
        Assert.Equal((HttpStatusCode.NotFound, "request-not-found"), (unknown.StatusCode, await ApiHost.CodeOfAsync(unknown)));
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Contains(log.Records, r => r.Action == "dsr.deadline-approaching" && r.Principal == "grid:requests");
        Assert.Contains(log.Records, r => r.Action == "dsr.deadline-missed");
    }

    private static async Task<DataSubjectRequestInfo> WaitForNoticeAsync(IDataSubjectRequestGrain grain, string notice)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var info = await grain.GetAsync();
            if (info.Notices.Any(n => n.StartsWith(notice + "@", StringComparison.Ordinal)) || DateTime.UtcNow > deadline)
            {
                return info;
            }

            await Task.Delay(250);
        }
    }
}
