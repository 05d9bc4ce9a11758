using Grid.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Web.Pages;

/// <summary>Sign-in: OpenID Connect in production; on a local Grid, development sign-in with a picked tenant and roles.</summary>
public sealed class SignInModel(GridWebOptions options, IServiceProvider services) : PageModel
{
    public static readonly IReadOnlyList<(string Role, string Label)> Offered =
    [
        (GridRoles.Analyst, "Analyst (search and play)"),
        (GridRoles.LegalHold, "Legal hold (place and release holds)"),
        (GridRoles.PrivacyOfficer, "Privacy officer (data-subject requests)"),
        (GridRoles.TenantAdmin, "Tenant admin (retention, keys)"),
        (GridRoles.Auditor, "Auditor (audit log)"),
        (GridRoles.Operator, "Operator (processor staff: no tenant pages)"),
    ];

    public GridWebOptions Options => options;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Tenant { get; private set; } = "";

    public string Subject { get; private set; } = "console-user";

    public IReadOnlyList<string> Roles { get; private set; } = [GridRoles.Analyst];

    public string? Problem { get; private set; }

    public IActionResult OnPostOidc() =>
        options.UsesOidc ? Challenge(new AuthenticationProperties { RedirectUri = Local(ReturnUrl) }, GridWebExtensions.OidcScheme) : NotFound();

    public async Task<IActionResult> OnPostDevelopmentAsync(string? tenant, string? subject, string[]? roles)
    {
        if (services.GetService<DevelopmentSignIn>() is not { } signIn)
        {
            return NotFound();
        }

        Tenant = tenant?.Trim() ?? "";
        Subject = subject?.Trim() ?? "";
        Roles = [.. (roles ?? []).Where(r => Offered.Any(o => o.Role == r)).Distinct(StringComparer.Ordinal)];
        var operatorOnly = Roles.Contains(GridRoles.Operator);
        if (operatorOnly && Roles.Count > 1)
        {
            Problem = "The operator role is the processor's and cannot be combined with a tenant's roles.";
            return Page();
        }

        if (Roles.Count == 0 || (!operatorOnly && !GridIds.IsValidTenantId(Tenant)) || !GridIds.IsValidCallId(Subject))
        {
            Problem = "Pick at least one role, a tenant id (3–48 characters of a-z, 0-9 and hyphens) and a user id (letters, digits, '.', '_', '-').";
            return Page();
        }

        var person = signIn.Issue(operatorOnly ? GridPrincipal.AnyTenant : Tenant, Subject, Roles);
        await HttpContext.SignInAsync(GridWebExtensions.CookieScheme, person.ToPrincipal(GridWebExtensions.CookieScheme), new AuthenticationProperties { ExpiresUtc = person.ExpiresAt, IsPersistent = false });
        return LocalRedirect(Local(ReturnUrl));
    }

    private static string Local(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url.StartsWith("/console/", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/console/recordings";
}
