using Grid.Errors;
using Grid.Governance;
using Grid.Grains.Governance;

namespace Grid.Tests.Governance;

/// <summary>The addendum's deadlines as plain arithmetic: each boundary one second before, at, and one second after.</summary>
public sealed class GovernanceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static SubProcessor Storage(string id = "store-2", string country = "IE") => new()
    {
        Id = id, Name = "Example Storage Ltd", Purpose = "Stores encrypted recordings", Country = country,
        DataCategories = ["encrypted recordings"], Service = SubProcessorService.Storage,
    };

    [Fact]
    public void A_change_takes_effect_no_earlier_than_10_days_after_its_announcement()
    {
        var tooSoon = Assert.Throws<GovernanceException>(() => SubProcessorRules.CheckAnnouncement(Add(Now.AddDays(10).AddSeconds(-1)), [], Now));
        SubProcessorRules.CheckAnnouncement(Add(Now.AddDays(10)), [], Now);
        SubProcessorRules.CheckAnnouncement(Add(Now.AddDays(10).AddSeconds(1)), [], Now);

        Assert.Equal(GridErrorCode.NoticeTooShort, tooSoon.Code);
        Assert.Contains("2026-03-11T12:00:00.0000000+00:00", tooSoon.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tenant_may_object_until_exactly_30_days_after_the_notice()
    {
        var change = new SubProcessorChange { ChangeId = "spc-1", Spec = Add(Now.AddDays(10)), AnnouncedAt = Now, ObjectionDeadline = SubProcessorRules.ObjectionDeadline(Now) };

        SubProcessorRules.CheckObjectionWindow(change, Now.AddDays(30).AddSeconds(-1));
        SubProcessorRules.CheckObjectionWindow(change, Now.AddDays(30));
        var closed = Assert.Throws<GovernanceException>(() => SubProcessorRules.CheckObjectionWindow(change, Now.AddDays(30).AddSeconds(1)));

        Assert.Equal(Now.AddDays(30), change.ObjectionDeadline);
        Assert.Equal(GridErrorCode.ObjectionWindowClosed, closed.Code);
    }

    [Fact]
    public void The_list_as_of_a_moment_applies_exactly_the_changes_effective_by_then_and_keeps_an_objecting_tenant_where_it_was()
    {
        var old = Storage("store-1");
        var replace = new SubProcessorChange
        {
            ChangeId = "spc-r", AnnouncedAt = Now,
            Spec = new SubProcessorChangeSpec { Kind = SubProcessorChangeKind.Replace, ReplacesId = "store-1", SubProcessor = Storage("store-2", "US") with { TransferSafeguard = "SCCs 2021/914" }, EffectiveAt = Now.AddDays(10) },
        };

        var before = SubProcessorRules.AsOf([old], [replace], Now.AddDays(10).AddSeconds(-1)).Active;
        var at = SubProcessorRules.AsOf([old], [replace], Now.AddDays(10)).Active;
        var (objector, around) = SubProcessorRules.AsOf([old], [replace], Now.AddDays(11), new HashSet<string> { "spc-r" });

        Assert.Equal(["store-1"], before.Select(s => s.Id));
        Assert.Equal(["store-2"], at.Select(s => s.Id));
        Assert.Equal(["store-1"], objector.Select(s => s.Id));
        Assert.Equal(["store-2"], around.Select(s => s.Id));
    }

    [Fact]
    public void Announcements_that_do_not_fit_the_list_are_refused_with_what_to_do()
    {
        var listed = new[] { Storage("store-1") };

        var duplicate = Assert.Throws<GridValidationException>(() => SubProcessorRules.CheckAnnouncement(Add(Now.AddDays(20), "store-1"), listed, Now));
        var unknown = Assert.Throws<GridValidationException>(() => SubProcessorRules.CheckAnnouncement(new SubProcessorChangeSpec { Kind = SubProcessorChangeKind.Remove, ReplacesId = "nope", EffectiveAt = Now.AddDays(20) }, listed, Now));
        var country = Assert.Throws<GridValidationException>(() => SubProcessorRules.CheckAnnouncement(Add(Now.AddDays(20), "store-9") with { SubProcessor = Storage("store-9", "Ireland") }, listed, Now));

        Assert.Contains("replace it instead", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("names a listed sub-processor", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("ISO 3166-1 alpha-2", country.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_audit_is_allowed_again_exactly_12_months_after_the_last_and_exceptions_are_always_allowed()
    {
        var last = new AuditRequestInfo { RequestId = "aud-1", Spec = new AuditRequestSpec { Scope = "annual" }, AcceptedAt = Now };
        var ordinary = new AuditRequestSpec { Scope = "annual" };
        var authority = new AuditRequestSpec { Scope = "ordered", Exception = AuditException.AuthorityInstruction, Reference = "DPC-2026-17" };

        var tooSoon = Assert.Throws<GovernanceException>(() => AuditRightsRules.CheckFrequency(ordinary, [last], Now.AddMonths(12).AddSeconds(-1)));
        AuditRightsRules.CheckFrequency(ordinary, [last], Now.AddMonths(12));
        AuditRightsRules.CheckFrequency(authority, [last], Now.AddDays(1));
        var noReference = Assert.Throws<GridValidationException>(() => AuditRightsRules.Check(authority with { Reference = null }));

        Assert.Equal(GridErrorCode.AuditTooSoon, tooSoon.Code);
        Assert.Contains("2027-03-01T12:00:00.0000000+00:00", tooSoon.Message, StringComparison.Ordinal);
        Assert.Contains("names its reference", noReference.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_notification_is_within_target_up_to_exactly_the_target_and_escalates_only_when_unacknowledged()
    {
        var target = TimeSpan.FromHours(24);
        var detected = Now.AddHours(-24);

        var atTarget = IncidentRules.Notify("t-a", detected, Now, target);
        var late = IncidentRules.Notify("t-a", detected, Now.AddSeconds(1), target);
        var after = TimeSpan.FromHours(4);

        Assert.Equal((TimeSpan.FromHours(24), true), (atTarget.Delay, atTarget.WithinTarget));
        Assert.Equal((TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1), false), (late.Delay, late.WithinTarget));
        Assert.False(IncidentRules.DueForEscalation(atTarget, Now, Now.AddHours(4).AddSeconds(-1), after));
        Assert.True(IncidentRules.DueForEscalation(atTarget, Now, Now.AddHours(4), after));
        Assert.False(IncidentRules.DueForEscalation(atTarget with { AcknowledgedAt = Now }, Now, Now.AddHours(5), after));
    }

    [Fact]
    public void A_notification_target_over_72_hours_stops_the_silo_with_the_settings_name()
    {
        new GovernanceOptions { IncidentNotificationTarget = TimeSpan.FromHours(72) }.Validate();
        var error = Assert.Throws<InvalidOperationException>(() => new GovernanceOptions { IncidentNotificationTarget = TimeSpan.FromHours(72) + TimeSpan.FromSeconds(1) }.Validate());

        Assert.StartsWith("Grid:Governance:IncidentNotificationTarget must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_record_of_processing_renders_as_a_document_with_every_section()
    {
        var record = new RecordOfProcessing
        {
            TenantId = "t-doc", Controller = "Example | Bank", ResidencyRegion = "eu-west", SubProcessors = [Storage("store-1")],
            Risks = [new DpiaRisk { Risk = "Unauthorised access", Measures = ["encryption"] }], Incidents = "0 incident(s)",
        };

        var markdown = RecordOfProcessingDocument.ToMarkdown(record);

        Assert.StartsWith("# Record of processing — Example \\| Bank\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| store-1 | Example Storage Ltd | Stores encrypted recordings | IE | encrypted recordings | none needed |", markdown, StringComparison.Ordinal);
        Assert.Contains("### Unauthorised access\n\n- encryption\n", markdown, StringComparison.Ordinal);
    }

    private static SubProcessorChangeSpec Add(DateTimeOffset effective, string id = "store-2") =>
        new() { Kind = SubProcessorChangeKind.Add, SubProcessor = Storage(id), EffectiveAt = effective };
}
