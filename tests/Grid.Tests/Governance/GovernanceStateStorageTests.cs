using Grid.Governance;
using Grid.Grains.Governance;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Grid.Tests.Governance;

/// <summary>
/// Every governance state survives the silo's grain-storage serializer (what a restarted silo reads back), with
/// every list and optional field filled in.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GovernanceStateStorageTests(GridFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 3, 2, 1, TimeSpan.Zero);

    [Fact]
    public void Sub_processor_and_incident_states_round_trip_through_grain_storage()
    {
        var serializer = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<IGrainStorageSerializer>();
        var change = new SubProcessorChange
        {
            ChangeId = "spc-1", AnnouncedAt = At, ObjectionDeadline = At.AddDays(30), AnnouncedBy = "ops", AppliedAt = At.AddDays(10),
            Spec = new SubProcessorChangeSpec { Kind = SubProcessorChangeKind.Replace, ReplacesId = "a", SubProcessor = GovernanceRulesTests.Storage() with { TransferSafeguard = "SCCs" }, EffectiveAt = At.AddDays(10) },
        };
        var notices = new TenantSubProcessorsState
        {
            Notices = [new SubProcessorNotice { Change = change, NotifiedAt = At, WindowClosed = true, Objection = new SubProcessorObjection { Reason = "no", At = At, By = "dpo", RoutedAround = false, Choice = ObjectionChoice.Suspend, ChoiceAt = At, ChoiceBy = "admin" } }],
        };
        var notification = new IncidentNotification { TenantId = "t-1", NotifiedAt = At, Delay = TimeSpan.FromHours(3), WithinTarget = true, AcknowledgedAt = At, AcknowledgedBy = "admin", Escalations = 2 };
        var incident = new IncidentState
        {
            Info = new IncidentInfo
            {
                IncidentId = "inc-1", DeclaredAt = At, DeclaredBy = "ops", NotificationTarget = TimeSpan.FromHours(24),
                Declaration = IncidentWorkflowTests.Declaration(["t-1", "t-2"], At),
                Timeline = [new IncidentUpdate { At = At, By = "ops", Text = "declared" }],
                Notifications = [notification],
            },
            LastSent = new Dictionary<string, DateTimeOffset> { ["t-1"] = At },
        };

        var noticesBack = serializer.Deserialize<TenantSubProcessorsState>(serializer.Serialize(notices))!;
        var incidentBack = serializer.Deserialize<IncidentState>(serializer.Serialize(incident))!;

        Assert.Equal(notices.Notices.Single() with { Change = null! }, noticesBack.Notices.Single() with { Change = null! });
        Assert.Equal(change with { Spec = null! }, noticesBack.Notices.Single().Change with { Spec = null! });
        Assert.Equal(["encrypted recordings"], noticesBack.Notices.Single().Change.Spec.SubProcessor!.DataCategories);
        Assert.Equal(["t-1", "t-2"], incidentBack.Info!.Declaration.AffectedTenants);
        Assert.Equal(notification, incidentBack.Info.Notifications.Single());
        Assert.Equal("declared", incidentBack.Info.Timeline.Single().Text);
        Assert.Equal(At, incidentBack.LastSent["t-1"]);
    }
}
