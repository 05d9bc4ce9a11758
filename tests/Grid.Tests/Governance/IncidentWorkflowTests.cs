using Grid.Audit;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Governance;
using Grid.Security;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Governance;

/// <summary>
/// Security incidents in the 2-silo cluster: each affected tenant (and only they) notified at once with the delay
/// from detection recorded against the target, updates reaching them as a timeline, a real reminder sending an
/// unacknowledged notice again on the Grid's clock until the tenant acknowledges.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class IncidentWorkflowTests(GridFixture fixture)
{
    private string Operator => fixture.TokenOf("ops-ivan", GridPrincipal.AnyTenant, GridRoles.Operator);

    [Fact]
    public async Task Affected_tenants_are_notified_at_once_with_the_delay_and_escalated_until_each_acknowledges()
    {
        var first = await TestTenants.ProvisionAsync(fixture.Client);
        var second = await TestTenants.ProvisionAsync(fixture.Client);
        var bystander = await TestTenants.ProvisionAsync(fixture.Client);
        var now = fixture.Clock.GetUtcNow();
        var incident = fixture.Client.GetGrain<IIncidentGrain>(ProcessorScope.Incident("inc-" + Guid.NewGuid().ToString("N")[..8]));
        IncidentInfo declared;
        using (GridCredentials.Use(Operator))
        {
            declared = await incident.DeclareAsync(Declaration([first, second], detectedAt: now.AddHours(-25)));
            await incident.UpdateAsync("Access keys rotated; no evidence of data read.");
        }

        var seen = await Incidents(first).GetAsync();
        fixture.Clock.Advance(TimeSpan.FromHours(4));
        IncidentInfo escalated;
        using (GridCredentials.Use(Operator))
        {
            escalated = await Eventually.UntilAsync(() => incident.GetAsync(), i => i.Notifications.All(n => n.Escalations == 1));
        }

        TenantIncident acknowledged;
        using (GridCredentials.Use(fixture.TokenOf("admin-ada", first, GridRoles.TenantAdmin)))
        {
            acknowledged = await Incidents(first).AcknowledgeAsync(declared.IncidentId);
        }

        fixture.Clock.Advance(TimeSpan.FromHours(4));
        IncidentInfo report;
        using (GridCredentials.Use(Operator))
        {
            report = await Eventually.UntilAsync(() => incident.GetAsync(), i => i.Notifications.Single(n => n.TenantId == second).Escalations == 2);
        }

        Assert.Equal(new[] { first, second }.Order(), declared.Notifications.Select(n => n.TenantId).Order());
        Assert.All(declared.Notifications, n => Assert.Equal((now, TimeSpan.FromHours(25), false), (n.NotifiedAt, n.Delay, n.WithinTarget)));
        Assert.Equal(TimeSpan.FromHours(24), declared.NotificationTarget);
        Assert.Equal("ops-ivan", declared.DeclaredBy);
        var view = seen.Single(i => i.IncidentId == declared.IncidentId);
        Assert.Equal(2, view.Timeline.Count);
        Assert.Equal("Access keys rotated; no evidence of data read.", view.Timeline[1].Text);
        Assert.Empty(await Incidents(bystander).GetAsync());
        Assert.All(escalated.Notifications, n => Assert.Equal(1, n.Escalations));
        Assert.Equal(("admin-ada", (DateTimeOffset?)now.AddHours(4)), (acknowledged.Notification.AcknowledgedBy, acknowledged.Notification.AcknowledgedAt));
        var firstReport = report.Notifications.Single(n => n.TenantId == first);
        Assert.Equal((1, (DateTimeOffset?)now.AddHours(4)), (firstReport.Escalations, firstReport.AcknowledgedAt));
        Assert.Null(report.Notifications.Single(n => n.TenantId == second).AcknowledgedAt);
        var log = (await fixture.Client.GetGrain<IAuditLogGrain>(first).ReadAsync()).Records;
        Assert.Equal(["incident.notified", "incident.updated", "incident.escalated", "incident.acknowledge"],
            log.Where(r => r.Action.StartsWith("incident.", StringComparison.Ordinal)).Select(r => r.Action));
    }

    [Fact]
    public async Task A_declaration_naming_an_unknown_tenant_is_refused_and_nothing_is_declared()
    {
        var known = await TestTenants.ProvisionAsync(fixture.Client);
        var incident = fixture.Client.GetGrain<IIncidentGrain>(ProcessorScope.Incident("inc-" + Guid.NewGuid().ToString("N")[..8]));
        using (GridCredentials.Use(Operator))
        {
            var refused = await Assert.ThrowsAsync<GridValidationException>(() => incident.DeclareAsync(Declaration([known, "t-never-provisioned"], fixture.Clock.GetUtcNow())));
            var nothing = await Assert.ThrowsAsync<GovernanceException>(() => incident.GetAsync());

            Assert.Equal("Tenant 't-never-provisioned' is not provisioned: name provisioned tenants only.", refused.Message);
            Assert.Equal(GridErrorCode.GovernanceState, nothing.Code);
        }

        Assert.Empty(await Incidents(known).GetAsync());
    }

    public static IncidentDeclaration Declaration(IReadOnlyList<string> tenants, DateTimeOffset detectedAt) => new()
    {
        Severity = IncidentSeverity.High,
        AffectedTenants = tenants,
        DataCategories = ["call metadata (encrypted)"],
        WhatHappened = "A storage access key was exposed in a build log.",
        MeasuresTaken = "Key rotated within the hour; access logs under review.",
        DetectedAt = detectedAt,
    };

    private ITenantIncidentsGrain Incidents(string tenantId) => fixture.Client.GetGrain<ITenantIncidentsGrain>(tenantId);
}
