using Grid.Errors;
using Grid.Grains.Requests;
using Grid.Requests;

namespace Grid.Tests.Requests;

/// <summary>The request's transitions and deadline arithmetic, exactly at the boundaries (no cluster).</summary>
public sealed class DataSubjectRequestLifecycleTests
{
    private static readonly DateTimeOffset Received = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Warn = TimeSpan.FromDays(7);

    private static (DataSubjectRequestLifecycle Lifecycle, DataSubjectRequestState State) Opened(DataSubjectRequestKind kind = DataSubjectRequestKind.Erasure)
    {
        var state = new DataSubjectRequestState();
        var lifecycle = new DataSubjectRequestLifecycle(state);
        Assert.True(lifecycle.Open(new DataSubjectRequestSpec { Kind = kind, Identifier = "+44 20 7946 0000" }, "term-1", Received));
        return (lifecycle, state);
    }

    [Fact]
    public void The_deadline_is_one_calendar_month_from_receipt_and_an_extension_makes_it_three_once()
    {
        var (lifecycle, state) = Opened();

        Assert.Equal(new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero), state.Deadline);
        lifecycle.Extend("many recordings");
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 10, 0, 0, TimeSpan.Zero), state.Deadline);
        Assert.Throws<RequestStateException>(() => lifecycle.Extend("again"));
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 10, 0, 0, TimeSpan.Zero), state.Deadline);
    }

    [Fact]
    public void Notices_fall_due_exactly_at_their_boundaries_and_only_once_per_deadline()
    {
        var (lifecycle, state) = Opened();
        var deadline = state.Deadline;

        Assert.Null(lifecycle.DueNotice(deadline - Warn - TimeSpan.FromSeconds(1), Warn));
        Assert.Equal("deadline-approaching", lifecycle.DueNotice(deadline - Warn, Warn));
        lifecycle.Raised("deadline-approaching");
        Assert.Null(lifecycle.DueNotice(deadline - Warn + TimeSpan.FromDays(1), Warn));
        Assert.Null(lifecycle.DueNotice(deadline, Warn));
        Assert.Equal("deadline-missed", lifecycle.DueNotice(deadline + TimeSpan.FromSeconds(1), Warn));
        lifecycle.Raised("deadline-missed");
        Assert.Null(lifecycle.DueNotice(deadline + TimeSpan.FromDays(2), Warn));

        // An extension moves the deadline: its notices are due again.
        lifecycle.Extend("complex");
        Assert.Null(lifecycle.DueNotice(deadline + TimeSpan.FromDays(2), Warn));
        Assert.Equal("deadline-approaching", lifecycle.DueNotice(state.Deadline - Warn, Warn));
    }

    [Fact]
    public void A_request_runs_only_after_identity_verification_and_nothing_happens_after_it_is_closed()
    {
        var (lifecycle, state) = Opened();

        Assert.Throws<RequestStateException>(lifecycle.BeginRun);
        lifecycle.VerifyIdentity("call-back to the number on file");
        lifecycle.BeginRun();
        lifecycle.Complete(Received.AddDays(3));

        Assert.Equal(DataSubjectRequestStatus.Completed, state.Status);
        Assert.Null(lifecycle.DueNotice(state.Deadline + TimeSpan.FromDays(1), Warn));
        Assert.Throws<RequestStateException>(lifecycle.BeginRun);
        Assert.Throws<RequestStateException>(() => lifecycle.Refuse("late", Received.AddDays(4)));
        Assert.Throws<RequestStateException>(() => lifecycle.Extend("late"));
        Assert.Equal(Received.AddDays(3), state.ClosedAt);
    }

    [Fact]
    public void Reopening_is_idempotent_for_the_same_person_and_kind_and_refused_otherwise()
    {
        var (lifecycle, state) = Opened();

        Assert.False(lifecycle.Open(new DataSubjectRequestSpec { Kind = DataSubjectRequestKind.Erasure, Identifier = "x" }, "term-1", Received.AddDays(1)));
        Assert.Throws<RequestStateException>(() => lifecycle.Open(new DataSubjectRequestSpec { Kind = DataSubjectRequestKind.Access, Identifier = "x" }, "term-1", Received));
        Assert.Throws<RequestStateException>(() => lifecycle.Open(new DataSubjectRequestSpec { Kind = DataSubjectRequestKind.Erasure, Identifier = "x" }, "term-2", Received));
        Assert.Equal(Received, state.ReceivedAt);
    }

    [Theory]
    [InlineData(DataSubjectRequestKind.None, "+44 20 7946 0000")]
    [InlineData((DataSubjectRequestKind)99, "+44 20 7946 0000")]
    [InlineData(DataSubjectRequestKind.Access, "")]
    [InlineData(DataSubjectRequestKind.Access, "+44\u0000")]
    public void Invalid_specs_are_refused(DataSubjectRequestKind kind, string identifier) =>
        Assert.Throws<GridValidationException>(() => DataSubjectRequestLifecycle.Validate(new DataSubjectRequestSpec { Kind = kind, Identifier = identifier }));
}
