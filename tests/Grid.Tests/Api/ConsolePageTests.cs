using Grid.Requests;
using Grid.Web;
using Grid.Web.Pages;

namespace Grid.Tests.Api;

/// <summary>The console's page logic alone: deadline countdowns, refusals explained, the signed-in person's claims.</summary>
public sealed class ConsolePageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(26 * 60, "1 day 2 hours left")]
    [InlineData(59, "0 hours 59 minutes left")]
    [InlineData(0, "0 hours 0 minutes left")]
    [InlineData(-(3 * 60) - 5, "overdue by 3 hours 5 minutes")]
    [InlineData(-(49 * 60), "overdue by 2 days 1 hour")]
    public void The_deadline_countdown_says_how_long_is_left_or_how_long_it_is_overdue(int minutes, string expected)
    {
        var request = new DataSubjectRequestInfo { TenantId = "t-1", RequestId = "dsr-1", Deadline = Now.AddMinutes(minutes) };

        Assert.Equal(expected, RequestModel.Countdown(request, Now));
    }

    [Theory]
    [InlineData(401, null, null, "Your sign-in has expired. Sign in again.")]
    [InlineData(403, "not-authorized", "The analyst role may not place holds.", "Refused: The analyst role may not place holds.")]
    [InlineData(404, "not-found", null, "Not found: there is no such item in your tenant.")]
    [InlineData(409, "recording-on-hold", "The recording is under a legal hold.", "The recording is under a legal hold. (recording-on-hold)")]
    [InlineData(500, null, null, "The request failed. (500)")]
    public void Every_refusal_explains_itself(int status, string? code, string? detail, string expected)
    {
        Assert.Equal(expected, new ApiResult<object>(null, status, code, detail).Explanation);
    }

    [Fact]
    public void A_signed_in_person_round_trips_through_the_cookie_claims()
    {
        var person = new ConsoleUser("t-acme", "dpo-7", ["privacy.officer", "tenant.admin"], "token-value", Development: true);

        var back = ConsoleUser.From(person.ToPrincipal(GridWebExtensions.CookieScheme));
        var anonymous = ConsoleUser.From(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));

        Assert.Equal(("t-acme", "dpo-7", "token-value", true), (back!.TenantId, back.Subject, back.Token, back.Development));
        Assert.Equal(["privacy.officer", "tenant.admin"], back.Roles);
        Assert.True(back.Has("tenant.admin"));
        Assert.False(back.IsOperator);
        Assert.Null(anonymous);
    }
}
