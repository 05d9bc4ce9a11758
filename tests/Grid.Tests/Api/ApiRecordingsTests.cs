using System.Net;
using System.Text.Json;
using Grid.Calls;
using Grid.Security;
using Grid.Storage;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Api;

/// <summary>Search through the blind index, playback with HTTP Range and the encrypted original, over real HTTP.</summary>
[Collection(GridCollection.Name)]
public sealed class ApiRecordingsTests(GridFixture fixture) : IAsyncLifetime
{
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task<string> RecordAsync(string tenantId, CallMetadata metadata, params byte[][] chunks)
    {
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(metadata);
        for (var i = 0; i < chunks.Length; i++)
        {
            await call.AppendAsync(i, chunks[i]);
        }

        await call.EndAsync();
        return callId;
    }

    private static CallMetadata With(string identifier, IReadOnlyDictionary<string, string>? tags = null) => new()
    {
        Direction = CallDirection.Inbound,
        MediaType = "audio/wav",
        Participants = [new Participant("customer", identifier), new Participant("agent", "sip:agent@example.test")],
        Tags = tags ?? new Dictionary<string, string>(),
    };

    private async Task<(List<string> Ids, string? Continuation)> SearchAsync(string tenantId, string token, object body)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/search", token, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()!).ToList();
        var continuation = page.RootElement.GetProperty("continuation");
        return (ids, continuation.ValueKind == JsonValueKind.Null ? null : continuation.GetString());
    }

    [Fact]
    public async Task Participant_search_finds_every_format_of_the_same_person_and_only_in_the_callers_tenant()
    {
        var tenantA = await TestTenants.ProvisionAsync(fixture.Client);
        var tenantB = await TestTenants.ProvisionAsync(fixture.Client);
        var media = TestTenants.RandomBytes(500, seed: 3);
        var a1 = await RecordAsync(tenantA, With("+44 20 7946 0000"), media);
        var a2 = await RecordAsync(tenantA, With("0044 (20) 7946-0000", new Dictionary<string, string> { ["category"] = "sales" }), media);
        var a3 = await RecordAsync(tenantA, With("sip:+442079460000@pbx.example;user=phone"), media);
        var a4 = await RecordAsync(tenantA, With("+1 415 555 0100", new Dictionary<string, string> { ["category"] = "sales" }), media);
        var mailA = await RecordAsync(tenantA, With("Jo.Bloggs@Example.COM"), media);
        var b1 = await RecordAsync(tenantB, With("+44.20.7946.0000"), media);
        var analystA = fixture.TokenOf("analyst-a", tenantA, GridRoles.Analyst);
        var analystB = fixture.TokenOf("analyst-b", tenantB, GridRoles.Analyst);

        var samePerson = await SearchAsync(tenantA, analystA, new { participant = "tel:+44-20-7946-0000" });
        var inB = await SearchAsync(tenantB, analystB, new { participant = "+44 20 7946 0000" });
        var sales = await SearchAsync(tenantA, analystA, new { category = "sales" });
        var salesAndPerson = await SearchAsync(tenantA, analystA, new { category = "sales", participant = "+442079460000" });
        var mail = await SearchAsync(tenantA, analystA, new { participant = "mailto:jo.bloggs@example.com" });
        var nobody = await SearchAsync(tenantA, analystA, new { participant = "+44 20 7946 0001" });

        Assert.Equal(new[] { a1, a2, a3 }.Order(StringComparer.Ordinal), samePerson.Ids.Order(StringComparer.Ordinal));
        Assert.Equal([b1], inB.Ids);
        Assert.Equal(new[] { a2, a4 }.Order(StringComparer.Ordinal), sales.Ids.Order(StringComparer.Ordinal));
        Assert.Equal([a2], salesAndPerson.Ids);
        Assert.Equal([mailA], mail.Ids);
        Assert.Empty(nobody.Ids);

        // The index holds keyed hashes only: no form of the number or address is in the table.
        var rows = await CatalogTextAsync(tenantA);
        foreach (var clear in new[] { "7946", "2079460000", "bloggs", "Bloggs", "sales", "category" })
        {
            Assert.DoesNotContain(clear, rows, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Search_pages_with_continuations_newest_first_and_filters_by_status_and_duration()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await RecordAsync(tenantId, With("+44 20 7946 1111"), TestTenants.RandomBytes(100, seed: i)));
        }

        var open = TestTenants.NewCallId();
        await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, open)).StartAsync(With("+44 20 7946 1111"));
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);

        var first = await SearchAsync(tenantId, analyst, new { pageSize = 4 });
        var second = await SearchAsync(tenantId, analyst, new { pageSize = 4, continuation = first.Continuation });
        var recording = await SearchAsync(tenantId, analyst, new { status = "recording" });
        var sealedOnes = await SearchAsync(tenantId, analyst, new { status = "sealed", participant = "+442079461111" });
        var longOnes = await SearchAsync(tenantId, analyst, new { minDurationSeconds = 3600 });
        using var foreignContinuation = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/search", analyst, new { participant = "+442079461111", continuation = first.Continuation });

        Assert.Equal(4, first.Ids.Count);
        Assert.NotNull(first.Continuation);
        Assert.Equal(2, second.Ids.Count);
        Assert.Null(second.Continuation);
        Assert.Equal(ids.Append(open).Order(StringComparer.Ordinal), first.Ids.Concat(second.Ids).Order(StringComparer.Ordinal));
        Assert.Equal([open], recording.Ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), sealedOnes.Ids.Order(StringComparer.Ordinal));
        Assert.Empty(longOnes.Ids);
        Assert.Equal(HttpStatusCode.BadRequest, foreignContinuation.StatusCode);
        Assert.Equal("invalid-input", await ApiHost.CodeOfAsync(foreignContinuation));
    }

    [Fact]
    public async Task Range_requests_return_exactly_the_requested_bytes_of_the_decrypted_media()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var chunks = Enumerable.Range(0, 3).Select(i => TestTenants.RandomBytes(10_000, seed: 10 + i)).ToArray();
        var source = chunks.SelectMany(c => c).ToArray();
        var callId = await RecordAsync(tenantId, With("+44 20 7946 2222"), chunks);
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}/media";

        async Task<(HttpStatusCode Status, string Body, string? ContentRange)> GetAsync(string? range)
        {
            using var request = ApiHost.Request(HttpMethod.Get, path, analyst);
            if (range is not null)
            {
                request.Headers.TryAddWithoutValidation("Range", range);
            }

            using var response = await api.Http.SendAsync(request);
            return (response.StatusCode, Convert.ToHexString(await response.Content.ReadAsByteArrayAsync()), response.Content.Headers.ContentRange?.ToString());
        }

        var whole = await GetAsync(null);
        var first = await GetAsync("bytes=0-99");
        var acrossChunks = await GetAsync("bytes=9950-10049");
        var last = await GetAsync("bytes=29900-");
        var suffix = await GetAsync("bytes=-500");
        var beyondEnd = await GetAsync("bytes=10-999999");
        var outside = await GetAsync("bytes=30000-");
        var backwards = await GetAsync("bytes=100-50");
        var garbage = await GetAsync("bytes=abc");

        Assert.Equal(HttpStatusCode.OK, whole.Status);
        Assert.Equal(Convert.ToHexString(source), whole.Body);
        Assert.Equal((HttpStatusCode.PartialContent, Convert.ToHexString(source[..100]), "bytes 0-99/30000"), first);
        Assert.Equal((HttpStatusCode.PartialContent, Convert.ToHexString(source[9950..10050]), "bytes 9950-10049/30000"), acrossChunks);
        Assert.Equal((HttpStatusCode.PartialContent, Convert.ToHexString(source[29900..]), "bytes 29900-29999/30000"), last);
        Assert.Equal((HttpStatusCode.PartialContent, Convert.ToHexString(source[29500..]), "bytes 29500-29999/30000"), suffix);
        Assert.Equal((HttpStatusCode.PartialContent, Convert.ToHexString(source[10..]), "bytes 10-29999/30000"), beyondEnd);
        foreach (var refused in new[] { outside, backwards, garbage })
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.Status);
            Assert.Equal("bytes */30000", refused.ContentRange);
        }
    }

    [Theory]
    [InlineData("audio/PCMA;rate=8000;channels=2", 58, false)]
    [InlineData("audio/L16;rate=8000;channels=2", 44, true)]
    public async Task Raw_telephony_media_plays_as_a_wav_file_whose_ranges_are_ranges_of_that_file(string mediaType, int headerLength, bool swapped)
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var chunks = Enumerable.Range(0, 3).Select(i => TestTenants.RandomBytes(3_200, seed: 30 + i)).ToArray();
        var callId = await RecordAsync(tenantId, With("+44 20 7946 4444") with { MediaType = mediaType }, chunks);
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}/media";
        var media = chunks.SelectMany(c => c).ToArray();
        if (swapped)
        {
            for (var i = 0; i < media.Length; i += 2)
            {
                (media[i], media[i + 1]) = (media[i + 1], media[i]);
            }
        }

        using var whole = await api.SendAsync(HttpMethod.Get, path, analyst);
        var file = await whole.Content.ReadAsByteArrayAsync();
        using var request = ApiHost.Request(HttpMethod.Get, path, analyst);
        request.Headers.TryAddWithoutValidation("Range", $"bytes={headerLength - 4}-{headerLength + 3_200}");
        using var partial = await api.Http.SendAsync(request);

        Assert.Equal((HttpStatusCode.OK, "audio/wav", headerLength + 9_600), (whole.StatusCode, whole.Content.Headers.ContentType?.MediaType, file.Length));
        Assert.Equal("RIFF"u8.ToArray(), file[..4]);
        Assert.Equal(2, BitConverter.ToUInt16(file, 22));
        Assert.Equal(Convert.ToHexString(media), Convert.ToHexString(file[headerLength..]));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes {headerLength - 4}-{headerLength + 3_200}/{headerLength + 9_600}", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(Convert.ToHexString(file[(headerLength - 4)..(headerLength + 3_201)]), Convert.ToHexString(await partial.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_tenant_admin_pauses_and_resumes_a_live_recording_over_the_api_and_what_came_between_is_dropped()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(With("+44 20 7946 5555"));
        var admin = fixture.TokenOf("payments-desk", tenantId, GridRoles.TenantAdmin);
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}";
        var chunks = Enumerable.Range(0, 3).Select(i => TestTenants.RandomBytes(1_000, seed: 40 + i)).ToArray();

        await call.AppendAsync(0, chunks[0]);
        using var paused = await api.SendAsync(HttpMethod.Post, path + "/pause", admin, new { reason = "card-data" });
        using var pausedAgain = await api.SendAsync(HttpMethod.Post, path + "/pause", admin, new { reason = "card-data" });
        using var otherPause = await api.SendAsync(HttpMethod.Post, path + "/pause", admin, new { reason = "other" });
        using var byAnalyst = await api.SendAsync(HttpMethod.Post, path + "/pause", analyst, new { reason = "card-data" });
        var dropped = await call.AppendAsync(1, chunks[1]);
        using var resumed = await api.SendAsync(HttpMethod.Post, path + "/resume", admin);
        using var resumedAgain = await api.SendAsync(HttpMethod.Post, path + "/resume", admin);
        await call.AppendAsync(2, chunks[2]);
        var summary = await call.EndAsync();

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK),
            (paused.StatusCode, pausedAgain.StatusCode, otherPause.StatusCode, byAnalyst.StatusCode, resumed.StatusCode, resumedAgain.StatusCode));
        Assert.Equal("call-paused", await ApiHost.CodeOfAsync(otherPause));
        Assert.True(dropped.Paused);
        var pause = Assert.Single(summary.Pauses);
        Assert.Equal((1L, (long?)2, "card-data", "api", "payments-desk", "payments-desk"), (pause.FromSequence, pause.ToSequence, pause.Reason, pause.Source, pause.PausedBy, pause.ResumedBy));
        Assert.Equal([], summary.Gaps);
        Assert.Equal(chunks[0].Concat(chunks[2]).ToArray(), await TestTenants.PlayAsync(fixture.Client, tenantId, callId));
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Equal(
            [("recording.paused", "payments-desk"), ("recording.resumed", "payments-desk")],
            log.Records.Where(r => r.CallId == callId && r.Action is "recording.paused" or "recording.resumed").Select(r => (r.Action, r.Principal)));
    }

    [Fact]
    public async Task Playback_renders_a_pause_as_silence_of_its_length_where_it_was()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(With("+44 20 7946 6666") with { MediaType = "audio/PCMA;rate=8000;channels=2" });
        var admin = fixture.TokenOf("payments-desk", tenantId, GridRoles.TenantAdmin);
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}";
        var before = TestTenants.RandomBytes(1_600, seed: 50);
        var after = TestTenants.RandomBytes(1_600, seed: 51);

        await call.AppendAsync(0, before);
        using (var paused = await api.SendAsync(HttpMethod.Post, path + "/pause", admin, new { reason = "card-data" }))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        // The Grid's clock (the test cluster's): the pause lasts exactly 2 s.
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var resumed = await api.SendAsync(HttpMethod.Post, path + "/resume", admin))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        }

        await call.AppendAsync(1, after);
        var summary = await call.EndAsync();
        using var response = await api.SendAsync(HttpMethod.Get, path + "/media", analyst);
        var wav = await response.Content.ReadAsByteArrayAsync();
        using var request = ApiHost.Request(HttpMethod.Get, path + "/media", analyst);
        request.Headers.TryAddWithoutValidation("Range", "bytes=1650-1665");
        using var inside = await api.Http.SendAsync(request);

        // 2 s of stereo A-law silence (0xD5): 2 × 8,000 × 2 bytes, between the chunk before and the chunk after.
        var pause = Assert.Single(summary.Pauses);
        Assert.Equal((1L, (long?)1, (long?)1_600, TimeSpan.FromSeconds(2)), (pause.FromSequence, pause.ToSequence, pause.MediaByteOffset, pause.ResumedAt - pause.PausedAt));
        Assert.Equal(TimeSpan.FromMilliseconds(2_200), summary.MediaDuration);
        Assert.Equal(58 + 1_600 + 32_000 + 1_600, wav.Length);
        Assert.Equal((uint)(1_600 + 32_000 + 1_600), BitConverter.ToUInt32(wav, 54));
        Assert.Equal(Convert.ToHexString(before), Convert.ToHexString(wav[58..1_658]));
        Assert.True(wav[1_658..33_658].All(b => b == 0xD5));
        Assert.Equal(Convert.ToHexString(after), Convert.ToHexString(wav[33_658..]));
        Assert.Equal(Convert.ToHexString(wav[1_650..1_666]), Convert.ToHexString(await inside.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_tenant_admin_issues_a_recorder_secret_over_the_api_that_exchanges_for_recorder_tokens_until_revoked()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var admin = fixture.TokenOf("admin-9", tenantId, GridRoles.TenantAdmin);
        var analyst = fixture.TokenOf("analyst-9", tenantId, GridRoles.Analyst);

        using var issued = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recorders/srs/secret", admin);
        using var byAnalyst = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recorders/srs/secret", analyst);
        using var badName = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recorders/..%2Fx/secret", admin);
        using var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        var clientId = body.RootElement.GetProperty("clientId").GetString()!;
        var secret = body.RootElement.GetProperty("secret").GetString()!;
        var credential = fixture.Client.GetGrain<IRecorderCredentialGrain>(clientId);
        var token = await credential.ExchangeAsync(secret);
        using var revoked = await api.SendAsync(HttpMethod.Delete, $"v1/tenants/{tenantId}/recorders/srs", admin);
        var afterRevoke = await Assert.ThrowsAsync<Grid.Errors.NotAuthorizedException>(() => credential.ExchangeAsync(secret));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.OK), (issued.StatusCode, byAnalyst.StatusCode, badName.StatusCode, revoked.StatusCode));
        Assert.Equal($"{tenantId}/srs", clientId);
        Assert.StartsWith("grs_", secret, StringComparison.Ordinal);
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token.Value);
        Assert.Equal((tenantId, GridRoles.Recorder), (jwt.GetClaim("tid").Value, jwt.GetClaim("roles").Value));
        Assert.Equal(Grid.Errors.NotAuthorizedReason.Credential, afterRevoke.Reason);
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Equal(["recorder-credential.issue", "recorder-credential.revoke"], log.Records.Where(r => r.Action.StartsWith("recorder-credential.", StringComparison.Ordinal)).Select(r => r.Action));
    }

    [Fact]
    public async Task The_encrypted_original_is_the_stored_rgrd_file_with_its_key_version()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var chunks = Enumerable.Range(0, 2).Select(i => TestTenants.RandomBytes(20_000, seed: 20 + i)).ToArray();
        var callId = await RecordAsync(tenantId, With("+44 20 7946 3333"), chunks);
        var analyst = fixture.TokenOf("analyst", tenantId, GridRoles.Analyst);

        using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/original", analyst);
        var file = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("RGRD"u8.ToArray(), file[..4]);
        Assert.Equal("1", response.Headers.GetValues("Grid-Key-Version").Single());
        Assert.Equal("Software", response.Headers.GetValues("Grid-Key-Custody").Single());
        var stored = new StoredRecording(fixture.ConnectionString, tenantId, callId);
        var manifest = await stored.ManifestAsync();
        Assert.Equal(manifest.Header!.Concat((await stored.FramesAsync()).SelectMany(f => f)).Concat(manifest.FinalFrame!).ToArray(), file);
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Single(log.Records, r => r.Action == "recording.export-original" && r.Principal == "analyst" && r.CallId == callId);
    }

    [Fact]
    public async Task Status_reads_by_people_are_audited_with_their_subject_and_a_recorders_are_not()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = await RecordAsync(tenantId, With("+44 20 7946 8888"), TestTenants.RandomBytes(100, seed: 8));
        var admin = fixture.TokenOf("admin-7", tenantId, GridRoles.TenantAdmin);
        var recorder = fixture.TokenOf("frontend-7", tenantId, GridRoles.Recorder);

        foreach (var path in new[] { "", "/holds", "/keys", $"/recordings/{callId}" })
        {
            using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}{path}", admin);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var byRecorder = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}", recorder))
        {
            Assert.Equal(HttpStatusCode.OK, byRecorder.StatusCode);
        }

        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Equal(
            [("tenant.read", (string?)null), ("holds.read", null), ("key.read", null), ("recording.read-summary", callId)],
            log.Records.Where(r => r.Principal == "admin-7").Select(r => (r.Action, r.CallId)));
        Assert.DoesNotContain(log.Records, r => r.Principal == "frontend-7");
    }

    [Fact]
    public async Task The_openapi_document_and_reference_page_are_served_without_a_token_and_list_every_route()
    {
        using var document = await api.Http.GetAsync("v1/openapi.json");
        using var reference = await api.Http.GetAsync("v1/reference");
        using var openapi = JsonDocument.Parse(await document.Content.ReadAsStringAsync());
        var paths = openapi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        var page = await reference.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("/v1/tenants/{tenantId}/recordings/search", paths);
        Assert.Contains("/v1/tenants/{tenantId}/requests/{requestId}/bundle", paths);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<code>/v1/tenants/{tenantId}/recordings/{callId}/media</code></td><td>The media, decrypted on the fly; HTTP Range for seeking, which reads only the frames of the range (audited)</td><td>analyst, legal.hold</td>", page, StringComparison.Ordinal);
    }

    private async Task<string> CatalogTextAsync(string tenantId)
    {
        var table = new Azure.Data.Tables.TableClient(fixture.ConnectionString, RecordingCatalog.TableName);
        var text = new System.Text.StringBuilder();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == tenantId))
        {
            text.Append(JsonSerializer.Serialize(row));
        }

        Assert.NotEqual(0, text.Length);
        return text.ToString();
    }
}
