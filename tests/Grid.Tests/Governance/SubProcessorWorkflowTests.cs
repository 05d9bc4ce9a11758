using Grid.Audit;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Governance;
using Grid.Security;
using Grid.Tenants;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Governance;

/// <summary>
/// The sub-processor workflow in the 2-silo cluster on the Grid's clock: announcement (10 days' notice, to the
/// second), every tenant notified, objections until exactly 30 days after the notice, the objection deadline and
/// the effective date driven by real reminders, routing around a routable sub-processor, and the choice offered
/// when the Grid cannot route.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class SubProcessorWorkflowTests(GridFixture fixture)
{
    private ISubProcessorRegistryGrain Registry => fixture.Client.GetGrain<ISubProcessorRegistryGrain>(ProcessorScope.Key);

    private string Operator => fixture.TokenOf("ops-anna", GridPrincipal.AnyTenant, GridRoles.Operator);

    [Fact]
    public async Task A_change_announced_one_second_short_of_10_days_is_refused_and_changes_nothing()
    {
        var now = fixture.Clock.GetUtcNow();
        var before = await Registry.GetChangesAsync();
        GovernanceException refused;
        using (GridCredentials.Use(Operator))
        {
            refused = await Assert.ThrowsAsync<GovernanceException>(() => Registry.AnnounceAsync(Add(NewId(), now.AddDays(10).AddSeconds(-1))));
        }

        Assert.Equal(GridErrorCode.NoticeTooShort, refused.Code);
        Assert.Equal(before.Count, (await Registry.GetChangesAsync()).Count);
    }

    [Fact]
    public async Task Every_tenant_is_notified_may_object_until_exactly_30_days_after_and_reminders_close_the_window_and_apply_the_change()
    {
        var objector = await TestTenants.ProvisionAsync(fixture.Client);
        var late = await TestTenants.ProvisionAsync(fixture.Client);
        var now = fixture.Clock.GetUtcNow();
        var id = NewId();
        SubProcessorChange change;
        using (GridCredentials.Use(Operator))
        {
            change = await Registry.AnnounceAsync(Add(id, now.AddDays(10)));
        }

        var notices = await Notices(objector).GetNoticesAsync();
        fixture.Clock.Advance(change.ObjectionDeadline - TimeSpan.FromSeconds(1) - fixture.Clock.GetUtcNow());
        SubProcessorNotice objected;
        using (GridCredentials.Use(fixture.TokenOf("dpo-olga", objector, GridRoles.PrivacyOfficer)))
        {
            objected = await Notices(objector).ObjectAsync(change.ChangeId, "We do not accept storage outside our contract.");
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var closed = await Assert.ThrowsAsync<GovernanceException>(() => Notices(late).ObjectAsync(change.ChangeId, "Too late?"));
        var lateNotice = await Eventually.UntilAsync(() => Notices(late).GetNoticesAsync(), n => n.Single(x => x.Change.ChangeId == change.ChangeId).WindowClosed);
        var applied = await Eventually.UntilAsync(() => Registry.GetChangesAsync(), c => c.Single(x => x.ChangeId == change.ChangeId).AppliedAt is not null);

        Assert.Equal((now, now.AddDays(30), "ops-anna"), (change.AnnouncedAt, change.ObjectionDeadline, change.AnnouncedBy));
        Assert.Equal(now, notices.Single(n => n.Change.ChangeId == change.ChangeId).NotifiedAt);
        Assert.Equal(("dpo-olga", true), (objected.Objection!.By, objected.Objection.RoutedAround));
        Assert.Equal(GridErrorCode.ObjectionWindowClosed, closed.Code);
        Assert.Null(lateNotice.Single(n => n.Change.ChangeId == change.ChangeId).Objection);
        Assert.NotNull(applied.Single(x => x.ChangeId == change.ChangeId).AppliedAt);
        Assert.DoesNotContain(id, (await Registry.GetAsOfAsync(now.AddDays(10).AddSeconds(-1))).Select(s => s.Id));
        Assert.Contains(id, (await Registry.GetAsOfAsync(now.AddDays(10))).Select(s => s.Id));
        var forLate = await Notices(late).GetAsync(null);
        var forObjector = await Notices(objector).GetAsync(null);
        Assert.Contains(id, forLate.Active.Select(s => s.Id));
        Assert.DoesNotContain(id, forObjector.Active.Select(s => s.Id));
        Assert.Equal([id], forObjector.RoutedAround.Select(s => s.Id));
        var log = (await fixture.Client.GetGrain<IAuditLogGrain>(late).ReadAsync()).Records;
        Assert.Contains(log, r => r.Action == "subprocessor.notice" && r.Principal == "ops-anna" && r.Purpose.StartsWith(change.ChangeId + ": add " + id, StringComparison.Ordinal));
        Assert.Contains(log, r => r.Action == "subprocessor.objection-deadline" && r.Principal == "grid:governance" && r.Purpose == $"{change.ChangeId}: objection window closed (no objection)");
        var objectorLog = (await fixture.Client.GetGrain<IAuditLogGrain>(objector).ReadAsync()).Records;
        Assert.Contains(objectorLog, r => r.Action == "subprocessor.object" && r.Principal == "dpo-olga");
    }

    [Fact]
    public async Task An_objection_the_grid_cannot_route_around_offers_suspension_or_termination_and_carries_out_the_choice()
    {
        var suspends = await TestTenants.ProvisionAsync(fixture.Client);
        var terminates = await TestTenants.ProvisionAsync(fixture.Client);
        var now = fixture.Clock.GetUtcNow();
        SubProcessorChange change;
        using (GridCredentials.Use(Operator))
        {
            change = await Registry.AnnounceAsync(Add(NewId(), now.AddDays(12)) with
            {
                SubProcessor = GovernanceRulesTests.Storage(NewId()) with { Service = SubProcessorService.Hosting, Purpose = "Hosts the silos" },
            });
        }

        var offered = await Notices(suspends).ObjectAsync(change.ChangeId, "Hosting provider not acceptable.");
        var routedChoice = await Assert.ThrowsAsync<GridValidationException>(() => Notices(suspends).ChooseAsync(change.ChangeId, ObjectionChoice.None));
        var suspended = await Notices(suspends).ChooseAsync(change.ChangeId, ObjectionChoice.Suspend);
        var again = await Assert.ThrowsAsync<GovernanceException>(() => Notices(suspends).ChooseAsync(change.ChangeId, ObjectionChoice.Withdraw));
        await Notices(terminates).ObjectAsync(change.ChangeId, "Hosting provider not acceptable.");
        await Notices(terminates).ChooseAsync(change.ChangeId, ObjectionChoice.Terminate);

        Assert.False(offered.Objection!.RoutedAround);
        Assert.Contains("suspend, terminate, withdraw", routedChoice.Message, StringComparison.Ordinal);
        Assert.Equal(ObjectionChoice.Suspend, suspended.Objection!.Choice);
        Assert.Equal(GridErrorCode.GovernanceState, again.Code);
        Assert.Equal(TenantStatus.Suspended, (await fixture.Client.GetGrain<ITenantGrain>(suspends).GetInfoAsync()).Status);
        var terminated = await fixture.Client.GetGrain<ITenantGrain>(terminates).GetInfoAsync();
        Assert.Equal((TenantStatus.Terminating, change.Spec.EffectiveAt), (terminated.Status, terminated.Termination!.EffectiveAt));
        Assert.Contains((await fixture.Client.GetGrain<IAuditLogGrain>(suspends).ReadAsync()).Records, r => r.Action == "subprocessor.choice" && r.Purpose == change.ChangeId + ": suspend");
    }

    [Fact]
    public async Task A_tenant_credential_cannot_announce_or_read_the_registry_and_another_tenant_cannot_object_for_a_tenant()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var other = await TestTenants.ProvisionAsync(fixture.Client);
        SubProcessorChange change;
        using (GridCredentials.Use(Operator))
        {
            change = await Registry.AnnounceAsync(Add(NewId(), fixture.Clock.GetUtcNow().AddDays(15)));
        }

        NotAuthorizedException announce, objectForOther;
        using (GridCredentials.Use(fixture.Token(tenantId, GridRoles.TenantAdmin)))
        {
            announce = await Assert.ThrowsAsync<NotAuthorizedException>(() => Registry.AnnounceAsync(Add(NewId(), fixture.Clock.GetUtcNow().AddDays(15))));
            objectForOther = await Assert.ThrowsAsync<NotAuthorizedException>(() => Notices(other).ObjectAsync(change.ChangeId, "not mine to say"));
        }

        Assert.Equal(NotAuthorizedReason.Tenant, announce.Reason);
        Assert.Equal(NotAuthorizedReason.Tenant, objectForOther.Reason);
        Assert.Null((await Notices(other).GetNoticesAsync()).Single(n => n.Change.ChangeId == change.ChangeId).Objection);
    }

    private ITenantSubProcessorsGrain Notices(string tenantId) => fixture.Client.GetGrain<ITenantSubProcessorsGrain>(tenantId);

    private static string NewId() => "sp-" + Guid.NewGuid().ToString("N")[..10];

    private static SubProcessorChangeSpec Add(string id, DateTimeOffset effective) =>
        new() { Kind = SubProcessorChangeKind.Add, SubProcessor = GovernanceRulesTests.Storage(id), EffectiveAt = effective };
}
