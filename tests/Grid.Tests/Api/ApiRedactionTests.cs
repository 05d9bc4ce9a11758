using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Grid.Calls;
using Grid.Crypto.Format;
using Grid.Crypto.Signing;
using Grid.Retention;
using Grid.Security;
using Grid.Storage.Log;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Grid.Tests.Api;

/// <summary>Two-person redaction with the original destroyed, over real HTTP, checked in both storage accounts.</summary>
[Collection(GridCollection.Name)]
public sealed class ApiRedactionTests(GridFixture fixture) : IAsyncLifetime
{
    // A-law stereo at 8 kHz: 16 bytes per millisecond; ten chunks of 100 ms.
    private const int ChunkBytes = 1_600;
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task<(string CallId, byte[][] Chunks)> RecordAsync(string tenantId, string mediaType = "audio/PCMA;rate=8000;channels=2")
    {
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 7777") with { MediaType = mediaType });
        var chunks = Enumerable.Range(0, 10).Select(i => TestTenants.RandomBytes(ChunkBytes, seed: 900 + i)).ToArray();
        for (var i = 0; i < chunks.Length; i++)
        {
            await call.AppendAsync(i, chunks[i]);
        }

        await call.EndAsync();
        return (callId, chunks);
    }

    private async Task<byte[]> OriginalAsync(string tenantId, string callId)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/original", fixture.Token(tenantId, GridRoles.Analyst));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The stored frames of an RGRD file by sequence number (frame header, ciphertext and tag).</summary>
    private static Dictionary<long, byte[]> Frames(byte[] file)
    {
        var frames = new Dictionary<long, byte[]>();
        var at = RecordingHeader.Decode(file).Length;
        while (at < file.Length)
        {
            var counter = BinaryPrimitives.ReadInt64BigEndian(file.AsSpan(at + 1));
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 9));
            if (file[at] == RecordingCipher.DataFrame)
            {
                frames[counter] = file[at..(at + 13 + length)];
            }

            at += 13 + length;
        }

        return frames;
    }

    /// <summary>Every blob of every container of an account, as the storage serves it.</summary>
    private static async Task<List<(string Name, byte[] Content)>> BlobsAsync(string connectionString)
    {
        var service = new Azure.Storage.Blobs.BlobServiceClient(connectionString);
        var blobs = new List<(string, byte[])>();
        await foreach (var container in service.GetBlobContainersAsync())
        {
            var client = service.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                blobs.Add(($"{container.Name}/{blob.Name}", (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray()));
            }
        }

        return blobs;
    }

    private static async Task<string> IdAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("redactionId").GetString()!;

    [Fact]
    public async Task A_seek_in_a_redacted_version_reads_only_the_frames_of_its_range_through_the_versions_frame_index()
    {
        const int waveHeader = 58;
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var (callId, chunks) = await RecordAsync(tenantId);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}";
        using var requested = await api.SendAsync(HttpMethod.Post, path + "/redactions", fixture.TokenOf("privacy-7", tenantId, GridRoles.PrivacyOfficer), new { fromMs = 300, toMs = 600, channels = new[] { 1 }, reason = "card-data" });
        using var approved = await api.SendAsync(HttpMethod.Post, $"{path}/redactions/{await IdAsync(requested)}/approve", fixture.TokenOf("admin-8", tenantId, GridRoles.TenantAdmin));
        var files = fixture.Cluster.Silos.Select(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<Grid.Grains.Calls.RecordingFiles>()).ToList();
        var analyst = fixture.TokenOf("analyst-9", tenantId, GridRoles.Analyst);

        async Task<(long Frames, byte[] Bytes)> RangeAsync(long first, long last)
        {
            var before = files.Sum(f => f.RangeFramesRead);
            using var request = ApiHost.Request(HttpMethod.Get, path + "/media", analyst);
            request.Headers.TryAddWithoutValidation("Range", $"bytes={waveHeader + first}-{waveHeader + last}");
            using var response = await api.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            return (files.Sum(f => f.RangeFramesRead) - before, await response.Content.ReadAsByteArrayAsync());
        }

        // 1 KiB in chunk 8 (after the redacted 300–600 ms) and 1 KiB across chunks 1 and 2 (before it): bit-exact.
        var late = await RangeAsync((8 * ChunkBytes) + 100, (8 * ChunkBytes) + 1_123);
        var across = await RangeAsync((2 * ChunkBytes) - 512, (2 * ChunkBytes) + 511);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal((1L, 2L), (late.Frames, across.Frames));
        Assert.Equal(Convert.ToHexString(chunks[8], 100, 1_024), Convert.ToHexString(late.Bytes));
        Assert.Equal(Convert.ToHexString(chunks[1], ChunkBytes - 512, 512) + Convert.ToHexString(chunks[2], 0, 512), Convert.ToHexString(across.Bytes));
    }

    [Fact]
    public async Task An_approved_redaction_silences_the_range_destroys_the_original_everywhere_and_is_certified()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var (callId, chunks) = await RecordAsync(tenantId);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}";
        var officer = fixture.TokenOf("privacy-1", tenantId, GridRoles.PrivacyOfficer);
        var admin = fixture.TokenOf("admin-2", tenantId, GridRoles.TenantAdmin);
        var auditor = fixture.TokenOf("auditor-3", tenantId, GridRoles.Auditor);
        var original = await OriginalAsync(tenantId, callId);
        var originalFrames = Frames(original);

        // 300–600 ms of channel 1 (the second): the bytes at odd offsets of chunks 3, 4 and 5.
        using var requested = await api.SendAsync(HttpMethod.Post, path + "/redactions", officer, new { fromMs = 300, toMs = 600, channels = new[] { 1 }, reason = "card-data" });
        var redactionId = await IdAsync(requested);
        using var pending = await api.SendAsync(HttpMethod.Get, path, admin);
        using var approved = await api.SendAsync(HttpMethod.Post, $"{path}/redactions/{redactionId}/approve", admin);
        using var approvedAgain = await api.SendAsync(HttpMethod.Post, $"{path}/redactions/{redactionId}/approve", admin);
        using var certificateResponse = await api.SendAsync(HttpMethod.Get, $"{path}/redactions/{redactionId}/certificate", auditor);
        var collector = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<LogCollector>();
        await collector.CollectAsync(tenantId, default, immediate: true);

        Assert.Equal(
            (HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK),
            (requested.StatusCode, approved.StatusCode, approvedAgain.StatusCode, certificateResponse.StatusCode));
        Assert.Equal("pending", JsonDocument.Parse(await pending.Content.ReadAsStringAsync()).RootElement.GetProperty("redactions")[0].GetProperty("status").GetString());

        // The rest of the call plays bit-exact; in the range, channel 1 is A-law silence and channel 0 is untouched.
        var expected = chunks.SelectMany(c => c).ToArray();
        for (var i = 4_800; i < 9_600; i += 2)
        {
            expected[i + 1] = 0xD5;
        }

        var played = await TestTenants.PlayAsync(fixture.Client, tenantId, callId);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(played));
        var summary = await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetSummaryAsync();
        var redaction = Assert.Single(summary.Redactions);
        Assert.Equal((1, RedactionStatus.Applied, "privacy-1", "admin-2", 1), (summary.Version, redaction.Status, redaction.RequestedBy, redaction.DecidedBy, redaction.Version));
        Assert.Equal((10L, 16_000L), (summary.ChunkCount, summary.MediaBytes));

        // The certificate verifies under the processor's key and names the destroyed frames by their ciphertext's hash.
        var certificate = JsonSerializer.Deserialize<DeletionCertificate>(await certificateResponse.Content.ReadAsStringAsync(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var key = await fixture.Client.GetGrain<ICertificateGrain>(tenantId).GetVerificationKeyAsync();
        Assert.True(ProcessorSigningKey.VerifyBody(certificate.Body, certificate.Signature, certificate.KeyId, key.PublicKeyPem));
        Assert.False(ProcessorSigningKey.VerifyBody(certificate.Body.Replace("admin-2", "admin-9", StringComparison.Ordinal), certificate.Signature, certificate.KeyId, key.PublicKeyPem));
        using var body = JsonDocument.Parse(certificate.Body);
        var root = body.RootElement;
        Assert.Equal(("redaction", redactionId, "privacy-1", "admin-2", "card-data"), (root.GetProperty("kind").GetString(), root.GetProperty("redactionId").GetString(), root.GetProperty("requestedBy").GetString(), root.GetProperty("approvedBy").GetString(), root.GetProperty("reason").GetString()));
        Assert.Equal(
            [3L, 4L, 5L],
            root.GetProperty("destroyedFrames").EnumerateArray().Select(f => f.GetProperty("sequence").GetInt64()));
        Assert.Equal(
            new[] { 3L, 4L, 5L }.Select(s => Convert.ToHexStringLower(SHA256.HashData(originalFrames[s]))),
            root.GetProperty("destroyedFrames").EnumerateArray().Select(f => f.GetProperty("ciphertextSha256").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), root.GetProperty("originalSha256").GetString());
        var current = await OriginalAsync(tenantId, callId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(current)), root.GetProperty("redactedVersionSha256").GetString());
        Assert.Equal(JsonDocument.Parse(await approved.Content.ReadAsStringAsync()).RootElement.GetProperty("certificate").GetProperty("body").GetString(), certificate.Body);

        // Nowhere in either account (every blob of every container, as the storage serves them): no frame of the
        // original (its ciphertext), nor its header (which held the wrapped old key). The grain state (tables) holds
        // neither the old header nor any media.
        var originalHeader = original[..RecordingHeader.Decode(original).Length];
        var blobs = (await BlobsAsync(fixture.ConnectionString)).Concat(await BlobsAsync(fixture.ReplicaEmulator.ConnectionString)).ToList();
        foreach (var frame in originalFrames.Values)
        {
            Assert.DoesNotContain(blobs, b => b.Content.AsSpan().IndexOf(frame.AsSpan(13, 32)) >= 0);
        }

        Assert.DoesNotContain(blobs, b => b.Content.AsSpan().IndexOf(originalHeader.AsSpan(originalHeader.Length - 48)) >= 0);
        // The new version's final frame: in the version in both accounts, and in its frame index (primary only).
        Assert.Equal(
            [Grid.Storage.RecordingLayout.IndexBlobName(callId), Grid.Storage.RecordingLayout.RecordingBlobName(callId), Grid.Storage.RecordingLayout.RecordingBlobName(callId)],
            blobs.Where(b => b.Content.AsSpan().IndexOf(current.AsSpan(current.Length - 64)) >= 0).Select(b => b.Name[(b.Name.IndexOf('/', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal));
        var tables = EmulatorFiles.ReadAll(fixture.AzuriteDataPath).Where(f => !f.Path.Contains("__blobstorage__", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(tables, f => f.Content.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(originalHeader)).AsSpan(0, 64)) >= 0);
        Assert.DoesNotContain(tables, f => f.Content.AsSpan().IndexOf(chunks[4].AsSpan(0, 32)) >= 0);

        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Equal(
            [("recording.redaction-requested", "privacy-1"), ("recording.redaction-approved", "admin-2")],
            log.Records.Where(r => r.CallId == callId && r.Action.StartsWith("recording.redaction", StringComparison.Ordinal)).Select(r => (r.Action, r.Principal)));
    }

    [Fact]
    public async Task Redaction_refusals_are_typed_and_change_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var (callId, chunks) = await RecordAsync(tenantId);
        var (heldId, _) = await RecordAsync(tenantId);
        var (opusId, _) = await RecordAsync(tenantId, "audio/opus");
        var path = $"v1/tenants/{tenantId}/recordings/{callId}";
        var officer = fixture.TokenOf("privacy-1", tenantId, GridRoles.PrivacyOfficer);
        var both = fixture.TokenOf("privacy-and-admin", tenantId, GridRoles.PrivacyOfficer, GridRoles.TenantAdmin);
        var admin = fixture.TokenOf("admin-2", tenantId, GridRoles.TenantAdmin);
        var analyst = fixture.TokenOf("analyst-4", tenantId, GridRoles.Analyst);
        var range = new { fromMs = 100, toMs = 200, reason = "card-data" };
        await fixture.Client.GetGrain<Grid.Tenants.ITenantGrain>(tenantId).PlaceHoldAsync("CASE-R1", heldId, "litigation");
        var before = await OriginalAsync(tenantId, callId);

        using var byAnalyst = await api.SendAsync(HttpMethod.Post, path + "/redactions", analyst, range);
        using var byAdmin = await api.SendAsync(HttpMethod.Post, path + "/redactions", admin, range);
        using var tooLong = await api.SendAsync(HttpMethod.Post, path + "/redactions", officer, new { fromMs = 900, toMs = 1_001, reason = "card-data" });
        using var noChannel = await api.SendAsync(HttpMethod.Post, path + "/redactions", officer, new { fromMs = 0, toMs = 10, channels = new[] { 2 }, reason = "card-data" });
        using var backwards = await api.SendAsync(HttpMethod.Post, path + "/redactions", officer, new { fromMs = 10, toMs = 10, reason = "card-data" });
        using var opus = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/{opusId}/redactions", officer, range);
        using var held = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/{heldId}/redactions", officer, range);
        using var own = await api.SendAsync(HttpMethod.Post, path + "/redactions", both, range);
        var ownId = await IdAsync(own);
        using var ownApproval = await api.SendAsync(HttpMethod.Post, $"{path}/redactions/{ownId}/approve", both);
        using var rejected = await api.SendAsync(HttpMethod.Post, $"{path}/redactions/{ownId}/reject", admin);
        using var approveRejected = await api.SendAsync(HttpMethod.Post, $"{path}/redactions/{ownId}/approve", admin);
        using var unknown = await api.SendAsync(HttpMethod.Post, $"{path}/redactions/red-0000000000000000/approve", admin);
        using var noCertificate = await api.SendAsync(HttpMethod.Get, $"{path}/redactions/{ownId}/certificate", admin);

        Assert.Equal(
            (HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Conflict),
            (byAnalyst.StatusCode, byAdmin.StatusCode, tooLong.StatusCode, noChannel.StatusCode, backwards.StatusCode, opus.StatusCode, held.StatusCode));
        Assert.Equal("redaction-on-hold", await ApiHost.CodeOfAsync(held));
        Assert.Equal(
            (HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound, HttpStatusCode.Conflict),
            (own.StatusCode, ownApproval.StatusCode, rejected.StatusCode, approveRejected.StatusCode, unknown.StatusCode, noCertificate.StatusCode));
        Assert.Equal(
            ("redaction-same-person", "redaction-state", "redaction-not-found"),
            (await ApiHost.CodeOfAsync(ownApproval), await ApiHost.CodeOfAsync(approveRejected), await ApiHost.CodeOfAsync(unknown)));

        // Nothing changed: the same stored original, the media as recorded, version 0, one rejected redaction.
        Assert.Equal(Convert.ToHexString(before), Convert.ToHexString(await OriginalAsync(tenantId, callId)));
        Assert.Equal(chunks.SelectMany(c => c).ToArray(), await TestTenants.PlayAsync(fixture.Client, tenantId, callId));
        var summary = await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetSummaryAsync();
        Assert.Equal((0, RedactionStatus.Rejected, "admin-2"), (summary.Version, Assert.Single(summary.Redactions).Status, summary.Redactions[0].DecidedBy));
        Assert.Equal([], (await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, heldId)).GetSummaryAsync()).Redactions);
    }

    [Fact]
    public async Task A_redacted_recording_is_rewrapped_under_a_rotated_tenant_key_and_still_plays()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var (callId, chunks) = await RecordAsync(tenantId);
        var path = $"v1/tenants/{tenantId}/recordings/{callId}";
        var admin = fixture.TokenOf("admin-2", tenantId, GridRoles.TenantAdmin);
        using var requested = await api.SendAsync(HttpMethod.Post, path + "/redactions", fixture.TokenOf("privacy-1", tenantId, GridRoles.PrivacyOfficer), new { fromMs = 0, toMs = 100, reason = "card-data" });
        using var approved = await api.SendAsync(HttpMethod.Post, $"{path}/redactions/{await IdAsync(requested)}/approve", admin);
        var before = await OriginalAsync(tenantId, callId);
        using var rotated = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/keys/rotate", admin, new { rewrapExisting = false });

        var rewrapped = await fixture.InternalGrains.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).RewrapKeyAsync();
        var after = await OriginalAsync(tenantId, callId);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, true), (approved.StatusCode, rotated.StatusCode, rewrapped));
        Assert.NotEqual(RecordingHeader.Decode(before).Header.Envelope.Key, RecordingHeader.Decode(after).Header.Envelope.Key);
        Assert.Equal(Convert.ToHexString(before[RecordingHeader.Decode(before).Length..]), Convert.ToHexString(after[RecordingHeader.Decode(after).Length..]));
        var expected = chunks.SelectMany(c => c).ToArray();
        Array.Fill(expected, (byte)0xD5, 0, 1_600);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(await TestTenants.PlayAsync(fixture.Client, tenantId, callId)));
    }
}
