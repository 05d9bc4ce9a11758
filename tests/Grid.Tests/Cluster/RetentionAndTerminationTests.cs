using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Grid.Calls;
using Grid.Crypto.Signing;
using Grid.Errors;
using Grid.Keys;
using Grid.Retention;
using Grid.Security;
using Grid.Storage;
using Grid.Tenants;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Cluster;

/// <summary>
/// Retention, legal hold, termination and certificates against Azurite. The Grid's clock is a FakeTimeProvider
/// moved forward by the tests (explicit phases, no sleeping), except in the one test that waits for a real reminder.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class RetentionAndTerminationTests(GridFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private async Task<string> TenantAsync(int retentionDays, IReadOnlyDictionary<string, int>? byCategory = null)
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        await Client.GetGrain<ITenantGrain>(tenantId).SetRetentionPolicyAsync(
            new RetentionPolicy { DefaultDays = retentionDays, DaysByCategory = byCategory ?? new Dictionary<string, int>() });
        return tenantId;
    }

    private async Task<(string CallId, byte[] Media, CallSummary Summary)> RecordAsync(string tenantId, string? category = null)
    {
        var callId = TestTenants.NewCallId();
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var media = TestTenants.RandomBytes(500, seed: callId.GetHashCode(StringComparison.Ordinal));
        var metadata = TestTenants.Metadata();
        if (category is not null)
        {
            metadata = metadata with { Tags = new Dictionary<string, string> { ["category"] = category } };
        }

        await call.StartAsync(metadata);
        await call.AppendAsync(0, media[..250]);
        await call.AppendAsync(1, media[250..]);
        return (callId, media, await call.EndAsync());
    }

    private async Task<List<string>> BlobNamesAsync(string tenantId)
    {
        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var names = new List<string>();
        if (!(await container.ExistsAsync()).Value)
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.Uncommitted, null, default))
        {
            names.Add(blob.Name);
        }

        return names.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<byte[]> AllBytesAsync(string tenantId)
    {
        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var bytes = new List<byte>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, default))
        {
            bytes.AddRange((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray());
        }

        return [.. bytes];
    }

    /// <summary>What storage must hold for these live recordings: their manifests and the log segments they reference.</summary>
    private async Task<List<string>> LiveBlobsAsync(string tenantId, params string[] callIds)
    {
        var names = new List<string>();
        foreach (var callId in callIds)
        {
            names.Add(Grid.Storage.Log.ManifestStore.BlobName(callId));
            names.AddRange((await new StoredRecording(fixture.ConnectionString, tenantId, callId).ManifestAsync()).Extents.Values.Select(e => e.Segment));
        }

        return names.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task After_retention_expires_the_sweep_deletes_the_blobs_and_playback_says_deleted_with_the_time()
    {
        var tenantId = await TenantAsync(retentionDays: 5, byCategory: new Dictionary<string, int> { ["complaints"] = 20 });
        var (expiring, _, summary) = await RecordAsync(tenantId);
        var (keptLonger, keptMedia, longSummary) = await RecordAsync(tenantId, category: "complaints");
        Assert.Equal(summary.SealedAt!.Value.AddDays(5), summary.RetainUntil);
        Assert.Equal(longSummary.SealedAt!.Value.AddDays(20), longSummary.RetainUntil);

        var expiringFrames = await new StoredRecording(fixture.ConnectionString, tenantId, expiring).FramesAsync();
        var shared = (await new StoredRecording(fixture.ConnectionString, tenantId, expiring).ManifestAsync()).Extents.Values.Select(e => e.Segment)
            .Intersect((await new StoredRecording(fixture.ConnectionString, tenantId, keptLonger).ManifestAsync()).Extents.Values.Select(e => e.Segment)).Count();

        var early = await fixture.InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();
        fixture.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        var due = await fixture.InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();
        Assert.Equal(keptMedia, await TestTenants.PlayAsync(Client, tenantId, keptLonger)); // from the copies, if compacted
        var next = await fixture.InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();

        // The two calls were recorded one after the other: the segments they share hold live and dead frames; the
        // sweep copies the live ones out (compaction grace 0 in tests) and the next sweep deletes the old segments.
        Assert.Equal(new SweepReport(0, 0), early);
        Assert.Equal((1, 0, shared), (due.Deleted, due.Held, due.SegmentsCompacted));
        Assert.Equal(new SweepReport(0, 0, shared), next);
        Assert.Equal(await LiveBlobsAsync(tenantId, keptLonger), await BlobNamesAsync(tenantId));
        var stored = await AllBytesAsync(tenantId);
        Assert.All(expiringFrames, frame => Assert.Equal(-1, stored.AsSpan().IndexOf(frame)));
        var error = await Assert.ThrowsAsync<RecordingDeletedException>(() => TestTenants.PlayAsync(Client, tenantId, expiring));
        Assert.Equal(GridErrorCode.RecordingDeleted, error.Code);
        Assert.Equal(fixture.Clock.GetUtcNow(), error.DeletedAt);
        var tombstone = await Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, expiring)).GetSummaryAsync();
        Assert.Equal(CallStatus.Deleted, tombstone.Status);
        Assert.Equal(fixture.Clock.GetUtcNow(), tombstone.DeletedAt);
        Assert.Equal(keptMedia, await TestTenants.PlayAsync(Client, tenantId, keptLonger));
        Assert.Equal(1, await new RetentionIndex(StorageAccounts.Single(GridStorageClients.Create(new GridStorageOptions { ConnectionString = fixture.ConnectionString }))).CountAsync(tenantId, default));
    }

    [Fact]
    public async Task A_legal_hold_prevents_retention_deletion_isolates_the_recording_and_release_resumes_retention()
    {
        var tenantId = await TenantAsync(retentionDays: 2);
        var (callId, media, _) = await RecordAsync(tenantId);
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);
        var hold = await tenant.PlaceHoldAsync("CASE-2026-017", callId);

        fixture.Clock.Advance(TimeSpan.FromDays(3));
        var sweep = await fixture.InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();
        var live = await LiveBlobsAsync(tenantId, callId);

        Assert.Equal(new SweepReport(0, 1), sweep);
        Assert.Equal(live, await BlobNamesAsync(tenantId));
        var isolated = await Assert.ThrowsAsync<RecordingOnHoldException>(() => TestTenants.PlayAsync(Client, tenantId, callId));
        Assert.Equal(GridErrorCode.RecordingOnHold, isolated.Code);
        Assert.Contains("CASE-2026-017", isolated.Message, StringComparison.Ordinal);
        var counsel = fixture.TokenOf("counsel-1", tenantId, GridRoles.LegalHold);
        Assert.Equal(media, await TestTenants.PlayAsync(Client, tenantId, callId, counsel));

        await tenant.ReleaseHoldAsync(hold.HoldId);
        var afterRelease = await fixture.InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();

        Assert.Equal(new SweepReport(1, 0, live.Count(n => n.StartsWith("log/", StringComparison.Ordinal))), afterRelease);
        Assert.Empty(await BlobNamesAsync(tenantId));
        var audit = await Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Contains(audit.Records, r => r.Action == "key.unwrap" && r.Purpose == "legal-hold-playback" && r.Principal == "counsel-1");
        Assert.Contains(audit.Records, r => r.Action == "recording.delete" && r.Purpose == "retention" && r.CallId == callId);
    }

    [Fact]
    public async Task A_real_reminder_wakes_the_sweeper_and_deletes_what_is_overdue()
    {
        var tenantId = await TenantAsync(retentionDays: 1);
        var (callId, _, _) = await RecordAsync(tenantId);
        fixture.Clock.Advance(TimeSpan.FromDays(2));

        // No explicit sweep: the tenant's reminder (period 2 s in the test configuration) must do it.
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (((await call.GetSummaryAsync()).Status != CallStatus.Deleted || (await BlobNamesAsync(tenantId)).Count > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(CallStatus.Deleted, (await call.GetSummaryAsync()).Status);
        Assert.Empty(await BlobNamesAsync(tenantId));
    }

    [Fact]
    public async Task Termination_deletes_everything_by_day_15_except_held_records_and_issues_a_verifiable_certificate()
    {
        var tenantId = await TenantAsync(retentionDays: 3650);
        var (gone1, _, _) = await RecordAsync(tenantId);
        var (gone2, _, _) = await RecordAsync(tenantId);
        var (held, heldMedia, _) = await RecordAsync(tenantId);
        var unsealed = TestTenants.NewCallId();
        await Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, unsealed)).StartAsync(TestTenants.Metadata());
        await Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, unsealed)).AppendAsync(0, new byte[10]);
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);
        await tenant.PlaceHoldAsync("CASE-9", held);
        var keysBefore = await Client.GetGrain<ITenantKeyGrain>(tenantId).GetInfoAsync();

        var info = await tenant.TerminateAsync(new TerminationRequest(fixture.Clock.GetUtcNow(), ReturnWindowDays: 14, DeleteWithinDays: 15));
        var termination = fixture.InternalGrains.GetGrain<ITerminationGrain>(tenantId);

        Assert.Null(await termination.RunDueAsync());
        Assert.Equal(info.Termination!.EffectiveAt.AddDays(15), info.Termination.DeleteBy);
        fixture.Clock.Advance(TimeSpan.FromDays(13));
        Assert.Null(await termination.RunDueAsync());
        Assert.Equal(
            new[] { gone1, gone2, held, unsealed }.Select(Grid.Storage.Log.ManifestStore.BlobName).Order(StringComparer.Ordinal),
            (await BlobNamesAsync(tenantId)).Where(n => n.StartsWith("calls/", StringComparison.Ordinal)));

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var certificate = await termination.RunDueAsync();

        // Storage: only the held recording remains; the rest of the tenant's recordings, index entries and keys are gone.
        Assert.NotNull(certificate);
        Assert.Equal(await LiveBlobsAsync(tenantId, held), await BlobNamesAsync(tenantId));
        Assert.Equal(1, await new RetentionIndex(StorageAccounts.Single(GridStorageClients.Create(new GridStorageOptions { ConnectionString = fixture.ConnectionString }))).CountAsync(tenantId, default));
        foreach (var callId in new[] { gone1, gone2, unsealed })
        {
            Assert.Equal(CallStatus.Deleted, (await Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).GetSummaryAsync()).Status);
        }

        var keysAfter = await Client.GetGrain<ITenantKeyGrain>(tenantId).GetInfoAsync();
        Assert.Equal(keysBefore.Versions, keysAfter.Destruction!.Keys);
        Assert.Equal([2], keysAfter.Versions.Select(v => v.Version));
        Assert.Equal(["kek-v2.bin"], Directory.GetFiles(Path.Combine(fixture.KeyPath, tenantId)).Select(Path.GetFileName));
        Assert.Equal(TenantStatus.Terminated, (await tenant.GetInfoAsync()).Status);
        Assert.True(fixture.Clock.GetUtcNow() <= info.Termination.DeleteBy);

        // The held recording is isolated but intact, now under the retained key version: the legal-hold role reads
        // it; the tenant's ordinary playback role does not.
        var counsel = fixture.TokenOf("counsel-1", tenantId, GridRoles.LegalHold);
        Assert.Equal(heldMedia, await TestTenants.PlayAsync(Client, tenantId, held, counsel));
        var refused = await Assert.ThrowsAsync<TenantUnavailableException>(() => TestTenants.PlayAsync(Client, tenantId, held));
        Assert.Equal(GridErrorCode.TenantTerminated, refused.Code);

        // The certificate says what was deleted, which keys were destroyed, and what is kept and why.
        using var signer = new ProcessorSigningKey(Microsoft.Extensions.Options.Options.Create(new ProcessorSigningKeyOptions { KeyPath = fixture.SigningKeyPath }));
        Assert.True(ProcessorSigningKey.Verify(certificate, signer.PublicKeyPem));
        var body = JsonNode.Parse(certificate.Body)!;
        Assert.Equal(tenantId, body["tenantId"]!.GetValue<string>());
        Assert.Equal("termination", body["scope"]!.GetValue<string>());
        Assert.Equal(3, body["recordingsDeleted"]!["count"]!.GetValue<int>());
        Assert.Equal([1], body["keysDestroyed"]!.AsArray().Select(k => k!["version"]!.GetValue<int>()));
        Assert.Equal("CASE-9", body["retainedUnderLegalHold"]![0]!["caseReference"]!.GetValue<string>());
        Assert.Equal(2, body["keyRetainedForLegalHold"]!["version"]!.GetValue<int>());
        Assert.Equal(certificate, await termination.RunDueAsync());
    }

    [Fact]
    public async Task A_tampered_certificate_and_a_certificate_checked_against_another_key_fail_verification()
    {
        var tenantId = await TenantAsync(retentionDays: 1);
        await RecordAsync(tenantId);
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        await fixture.InternalGrains.GetGrain<IRetentionGrain>(tenantId).SweepAsync();
        var certificate = await Client.GetGrain<ICertificateGrain>(tenantId).IssueAsync("on-request");
        using var signer = new ProcessorSigningKey(Microsoft.Extensions.Options.Options.Create(new ProcessorSigningKeyOptions { KeyPath = fixture.SigningKeyPath }));
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        var tampered = certificate with { Body = certificate.Body.Replace("\"count\":1", "\"count\":0", StringComparison.Ordinal) };

        Assert.True(ProcessorSigningKey.Verify(certificate, signer.PublicKeyPem));
        Assert.NotEqual(certificate.Body, tampered.Body);
        Assert.False(ProcessorSigningKey.Verify(tampered, signer.PublicKeyPem));
        Assert.False(ProcessorSigningKey.Verify(certificate, other.ExportSubjectPublicKeyInfoPem()));
        Assert.False(ProcessorSigningKey.Verify(certificate with { Signature = Convert.ToBase64String(new byte[64]) }, signer.PublicKeyPem));
    }
}
