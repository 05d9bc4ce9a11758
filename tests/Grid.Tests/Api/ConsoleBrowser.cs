using Deque.AxeCore.Playwright;
using Grid.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Grid.Tests.Api;

/// <summary>
/// The console in a real browser: an API host with the console and development sign-in, the Debian chromium driven
/// by Playwright, and the steps every console test takes (sign in, scan a page with axe and keep its screenshot under
/// <c>console-screenshots/</c>, post a form by hand).
/// </summary>
internal sealed class ConsoleBrowser : IAsyncDisposable
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "console-screenshots");

    private readonly IPlaywright playwright;

    private ConsoleBrowser(ApiHost api, IPlaywright playwright, IBrowser browser)
    {
        Api = api;
        this.playwright = playwright;
        Browser = browser;
    }

    public ApiHost Api { get; }

    public IBrowser Browser { get; }

    public static async Task<ConsoleBrowser> StartAsync(GridFixture fixture)
    {
        var api = await ApiHost.StartAsync(fixture, new Dictionary<string, string?> { ["Grid:Web:DevelopmentSignIn"] = "true" }, console: true);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
        });
        Directory.CreateDirectory(Screenshots);
        return new ConsoleBrowser(api, playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await Api.DisposeAsync();
    }

    public string Url(string path) => new Uri(Api.Base, path).ToString();

    /// <summary>Development sign-in as the person with exactly these roles; lands on the recordings page.</summary>
    public async Task SignInAsync(IPage page, string tenantId, string subject, params string[] roles)
    {
        if (!page.Url.Contains("/console/sign-in", StringComparison.Ordinal))
        {
            await page.GotoAsync(Url("console/sign-in"));
        }

        await page.FillAsync("#tenant", tenantId);
        await page.FillAsync("#subject", subject);
        foreach (var box in await page.Locator("input[name=roles]").AllAsync())
        {
            var role = await box.GetAttributeAsync("value");
            await box.SetCheckedAsync(Array.IndexOf(roles, role) >= 0);
        }

        await page.ClickAsync("button:text('Sign in')");
        await page.WaitForURLAsync("**/console/recordings");
    }

    /// <summary>Adds the page's serious and critical accessibility violations to the list and keeps a screenshot.</summary>
    public static async Task ScanAsync(IPage page, string name, List<string> violations)
    {
        var result = await page.RunAxe();
        violations.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help}"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    /// <summary>A form as an attacker would post it by hand, with the page's cookies.</summary>
    public static IFormData Form(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
