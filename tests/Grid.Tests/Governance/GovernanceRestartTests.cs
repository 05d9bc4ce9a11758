using Grid.Development;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Governance;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grid.Tests.Governance;

/// <summary>
/// The whole cluster stops in the middle of a sub-processor change and an incident and a new cluster starts on
/// the same storage (its own Azurite, so it shares no grain with the main test cluster): nothing is lost, and the
/// deadlines that passed while it was down are honoured by the reminders the new silos load.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GovernanceRestartTests(GridFixture fixture)
{
    [Fact]
    public async Task A_cluster_restart_mid_workflow_loses_no_notice_objection_or_deadline()
    {
        var root = Path.Combine(Path.GetTempPath(), "grid-gov-restart-" + Guid.NewGuid().ToString("N")[..8]);
        var storage = new LocalEmulatorOptions { DataPath = root, BlobPort = LoopbackPorts.Free(), QueuePort = LoopbackPorts.Free(), TablePort = LoopbackPorts.Free() };
        await using var azurite = await AzuriteProcess.StartAsync(storage, NullLogger.Instance);
        var operatorToken = fixture.TokenOf("ops-restart", GridPrincipal.AnyTenant, GridRoles.Operator);
        var now = fixture.Clock.GetUtcNow();
        string tenantId;
        SubProcessorChange change;
        var incidentKey = ProcessorScope.Incident("inc-restart");
        var first = await fixture.DeployClusterAsync("gov-a-" + Guid.NewGuid().ToString("N")[..6], silos: 1, storage);
        try
        {
            tenantId = await TestTenants.ProvisionAsync(first.Client);
            using (GridCredentials.Use(operatorToken))
            {
                change = await first.Client.GetGrain<ISubProcessorRegistryGrain>(ProcessorScope.Key).AnnounceAsync(new SubProcessorChangeSpec
                {
                    Kind = SubProcessorChangeKind.Add, SubProcessor = GovernanceRulesTests.Storage("store-restart"), EffectiveAt = now.AddDays(10),
                });
                await first.Client.GetGrain<IIncidentGrain>(incidentKey).DeclareAsync(IncidentWorkflowTests.Declaration([tenantId], now.AddHours(-2)));
            }

            await first.Client.GetGrain<ITenantSubProcessorsGrain>(tenantId).ObjectAsync(change.ChangeId, "Storage must stay with the current provider.");
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        fixture.Clock.Advance(change.ObjectionDeadline + TimeSpan.FromSeconds(1) - fixture.Clock.GetUtcNow());
        var second = await fixture.DeployClusterAsync("gov-b-" + Guid.NewGuid().ToString("N")[..6], silos: 1, storage);
        try
        {
            var notices = second.Client.GetGrain<ITenantSubProcessorsGrain>(tenantId);
            var closed = await Eventually.UntilAsync(() => notices.GetNoticesAsync(), n => n.Single().WindowClosed);
            var late = await Assert.ThrowsAsync<GovernanceException>(() => notices.ObjectAsync(change.ChangeId, "again"));
            IncidentInfo incident;
            IReadOnlyList<SubProcessorChange> changes;
            using (GridCredentials.Use(operatorToken))
            {
                incident = await Eventually.UntilAsync(() => second.Client.GetGrain<IIncidentGrain>(incidentKey).GetAsync(), i => i.Notifications.Single().Escalations >= 1);
                changes = await Eventually.UntilAsync(() => second.Client.GetGrain<ISubProcessorRegistryGrain>(ProcessorScope.Key).GetChangesAsync(), c => c.Single().AppliedAt is not null);
            }

            var routed = await notices.GetAsync(null);

            Assert.True(closed.Single().WindowClosed);
            Assert.Equal("Storage must stay with the current provider.", closed.Single().Objection!.Reason);
            Assert.Equal(GridErrorCode.ObjectionWindowClosed, late.Code);
            Assert.Equal((now, TimeSpan.FromHours(2)), (incident.Notifications.Single().NotifiedAt, incident.Notifications.Single().Delay));
            Assert.True(incident.Notifications.Single().Escalations >= 1);
            Assert.NotNull(changes.Single().AppliedAt);
            Assert.Equal(["store-restart"], routed.RoutedAround.Select(s => s.Id));
            Assert.DoesNotContain("store-restart", routed.Active.Select(s => s.Id));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: under the temp directory.
            }
        }
    }
}
