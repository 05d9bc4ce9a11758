using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grid.Web.Pages;

/// <summary>Signs out (POST only, with the anti-forgery token of the layout's form).</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/console/recordings");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(GridWebExtensions.CookieScheme);
        return LocalRedirect(GridWebExtensions.SignInPath);
    }
}
