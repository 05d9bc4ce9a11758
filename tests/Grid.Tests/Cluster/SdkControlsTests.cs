using System.Collections.Concurrent;
using Grid.Calls;
using Grid.Client;
using Grid.Client.Credentials;
using Grid.Completeness;
using Grid.Crypto.Signing;
using Grid.Errors;
using Grid.Events;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Grid.Tests.Cluster;

/// <summary>The compliance controls through the recorder SDK: pause with the Grid's automatic resume, two-person redaction, completeness.</summary>
[Collection(GridCollection.Name)]
public sealed class SdkControlsTests(GridFixture fixture)
{
    [Fact]
    public async Task An_sdk_session_paused_past_the_grids_limit_sends_again_and_the_grid_resumes_at_that_chunk()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var recorder = new GridRecorder(fixture.Client, Options.Create(new GridClientOptions()), fixture.Clock);
        var events = new ConcurrentQueue<TenantEvent>();
        var subscription = await fixture.InternalClient.GetStreamProvider(GridStreams.ProviderName)
            .GetStream<TenantEventEnvelope>(StreamId.Create(GridStreams.TenantEventsNamespace, tenantId))
            .SubscribeAsync((e, _) =>
            {
                if (e.Event is RecordingPaused or RecordingResumed)
                {
                    events.Enqueue(e.Event);
                }

                return Task.CompletedTask;
            });

        await using var session = await recorder.StartCallAsync(tenantId, callId, TestTenants.Metadata());
        await session.SendAsync(new byte[] { 1 });
        await session.FlushAsync();
        var paused = await session.PauseAsync("card-data");
        await session.SendAsync(new byte[] { 2 });
        fixture.Clock.Advance(GridFixture.AutoResumeAfter - TimeSpan.FromSeconds(1));
        await session.SendAsync(new byte[] { 3 });
        var pausedBeforeTheLimit = session.IsPaused;
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await session.SendAsync(new byte[] { 4 });
        var pausedAfterTheLimit = session.IsPaused;
        var summary = await session.EndAsync();
        await Eventually.UntilAsync(() => Task.FromResult(events.Count), n => n >= 2, seconds: 30);
        await subscription.UnsubscribeAsync();

        Assert.Equal([new RecordingPaused(callId, "card-data", "recorder"), new RecordingResumed(callId, "card-data")], events.ToArray());
        var open = Assert.Single(paused.Pauses);
        Assert.Equal(open.PausedAt + GridFixture.AutoResumeAfter, open.AutoResumeAt);
        Assert.Equal((true, false, 2L), (pausedBeforeTheLimit, pausedAfterTheLimit, session.PausedChunks));
        var pause = Assert.Single(summary.Pauses);
        Assert.Equal((1L, (long?)3, "grid:auto-resume", GridFixture.AutoResumeAfter), (pause.FromSequence, pause.ToSequence, pause.ResumedBy, pause.ResumedAt - pause.PausedAt));
        Assert.Equal(new byte[] { 1, 4 }, await TestTenants.PlayAsync(fixture.Client, tenantId, callId));
    }

    [Fact]
    public async Task The_sdk_redacts_as_two_people_and_refuses_the_requester_as_approver()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata() with { MediaType = "audio/PCMU" });
        var media = TestTenants.RandomBytes(8_000, seed: 91).Select(b => b == 0xFF ? (byte)0x7F : b).ToArray();
        await call.AppendAsync(0, media);
        await call.EndAsync();
        var redactions = new GridRedactions(fixture.Client);

        RecordingRedaction pending;
        using (GridCredentials.Use(fixture.TokenOf("dpo-31", tenantId, GridRoles.PrivacyOfficer)))
        {
            pending = await redactions.RequestAsync(tenantId, callId, new RedactionRequest(250, 500, null, "card-data"));
        }

        GridException samePerson;
        using (GridCredentials.Use(fixture.TokenOf("dpo-31", tenantId, GridRoles.PrivacyOfficer, GridRoles.TenantAdmin)))
        {
            samePerson = await Assert.ThrowsAsync<RedactionException>(() => redactions.ApproveAsync(tenantId, callId, pending.RedactionId));
        }

        RedactionOutcome outcome;
        IReadOnlyList<RecordingRedaction> listed;
        Grid.Retention.DeletionCertificate certificate;
        using (GridCredentials.Use(fixture.TokenOf("admin-32", tenantId, GridRoles.TenantAdmin)))
        {
            outcome = await redactions.ApproveAsync(tenantId, callId, pending.RedactionId);
            listed = await redactions.ListAsync(tenantId, callId);
            certificate = await redactions.GetCertificateAsync(tenantId, callId, pending.RedactionId);
        }

        Assert.Equal(RedactionStatus.Pending, pending.Status);
        Assert.Equal(GridErrorCode.RedactionSamePerson, samePerson.Code);
        Assert.Equal(1, outcome.Summary.Version);
        var applied = Assert.Single(listed);
        Assert.Equal((RedactionStatus.Applied, "dpo-31", "admin-32", 1), (applied.Status, applied.RequestedBy, applied.DecidedBy, applied.Version));
        Assert.Equal(outcome.Certificate, certificate);
        var key = await fixture.Client.GetGrain<Grid.Retention.ICertificateGrain>(tenantId).GetVerificationKeyAsync();
        Assert.True(ProcessorSigningKey.VerifyBody(certificate.Body, certificate.Signature, certificate.KeyId, key.PublicKeyPem));
        using (var body = System.Text.Json.JsonDocument.Parse(certificate.Body))
        {
            var root = body.RootElement;
            Assert.Equal(("redaction", pending.RedactionId, "dpo-31", "admin-32"), (root.GetProperty("kind").GetString(), root.GetProperty("redactionId").GetString(), root.GetProperty("requestedBy").GetString(), root.GetProperty("approvedBy").GetString()));
        }

        // µ-law at 8 kHz: 8 bytes per ms; 250–500 ms is bytes 2,000–3,999, now µ-law silence (0xFF).
        var expected = media.ToArray();
        Array.Fill(expected, (byte)0xFF, 2_000, 2_000);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(await TestTenants.PlayAsync(fixture.Client, tenantId, callId)));
    }

    [Fact]
    public async Task A_legal_hold_placed_after_the_request_refuses_the_approval_and_changes_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata() with { MediaType = "audio/PCMU" });
        var media = TestTenants.RandomBytes(8_000, seed: 92).Select(b => b == 0xFF ? (byte)0x7F : b).ToArray();
        await call.AppendAsync(0, media);
        await call.EndAsync();
        var redactions = new GridRedactions(fixture.Client);
        RecordingRedaction pending;
        using (GridCredentials.Use(fixture.TokenOf("dpo-35", tenantId, GridRoles.PrivacyOfficer)))
        {
            pending = await redactions.RequestAsync(tenantId, callId, new RedactionRequest(0, 100, null, "card-data"));
        }

        await fixture.Client.GetGrain<Grid.Tenants.ITenantGrain>(tenantId).PlaceHoldAsync("CASE-S1", callId, "litigation");
        GridException held;
        IReadOnlyList<RecordingRedaction> listed;
        using (GridCredentials.Use(fixture.TokenOf("admin-36", tenantId, GridRoles.TenantAdmin)))
        {
            held = await Assert.ThrowsAsync<RedactionException>(() => redactions.ApproveAsync(tenantId, callId, pending.RedactionId));
            listed = await redactions.ListAsync(tenantId, callId);
        }

        Assert.Equal(GridErrorCode.RedactionOnHold, held.Code);
        Assert.Equal((RedactionStatus.Pending, (string?)null, 0), (Assert.Single(listed).Status, listed[0].DecidedBy, (await call.GetSummaryAsync()).Version));

        // Held recordings are isolated: only the legal-hold role reads them, and it reads the media as recorded.
        var counsel = fixture.TokenOf("counsel-37", tenantId, GridRoles.LegalHold);
        Assert.Equal(Convert.ToHexString(media), Convert.ToHexString(await TestTenants.PlayAsync(fixture.Client, tenantId, callId, counsel)));
    }

    [Fact]
    public async Task A_recorder_reports_expected_calls_through_the_sdk_and_only_a_person_reads_the_report()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var t0 = fixture.Clock.GetUtcNow();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, "sdk-recorded-1"));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6301"));
        await call.AppendAsync(0, [1, 2, 3]);
        await call.EndAsync();
        var completeness = new GridCompleteness(fixture.Client);
        ExpectedCall[] expected =
        [
            new() { StartedAt = t0, Line = "desk-1", Parties = ["+44 20 7946 6301"] },
            new() { StartedAt = t0, Line = "desk-2", Parties = ["+44 20 7946 6302"], Reference = "PBX-301" },
        ];

        CompletenessImport first, again;
        using (GridCredentials.Use(fixture.TokenOf("pbx-33", tenantId, GridRoles.Recorder)))
        {
            first = await completeness.ReportExpectedAsync(tenantId, expected);
            again = await completeness.ReportExpectedAsync(tenantId, expected);
            await Assert.ThrowsAsync<NotAuthorizedException>(() => completeness.GetReportAsync(tenantId, t0.AddHours(-1), t0.AddHours(1)));
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        CompletenessReport report;
        using (GridCredentials.Use(fixture.TokenOf("analyst-34", tenantId, GridRoles.Analyst)))
        {
            report = await completeness.GetReportAsync(tenantId, t0.AddHours(-1), t0.AddHours(1));
        }

        Assert.Equal((2, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 2), (again.Accepted, again.Duplicates));
        Assert.Equal((2, 1, 1), (report.Total.Expected, report.Total.Recorded, report.Total.Missing));
        var missing = Assert.Single(report.Calls, c => c.Status == ExpectedCallStatus.Missing);
        Assert.Equal(("PBX-301", "desk-2"), (missing.Reference, missing.Line));
        Assert.Equal("sdk-recorded-1", Assert.Single(report.Calls, c => c.Status == ExpectedCallStatus.Recorded).CallId);
    }
}
