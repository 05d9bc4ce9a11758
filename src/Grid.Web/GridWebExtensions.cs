using Grid.Api;
using Grid.Security;
using Grid.Security.Tokens;
using Grid.Web.KeyRing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Grid.Web;

/// <summary>Adds the web console (<c>/console</c>) to the host that serves the customer API.</summary>
public static class GridWebExtensions
{
    public const string CookieScheme = "grid-console";
    public const string OidcScheme = "grid-console-oidc";
    public const string Policy = "grid-console";
    public const string SignInPath = "/console/sign-in";

    /// <summary>
    /// Razor Pages for the console, its cookie (HttpOnly, SameSite=Strict, path /console, Secure outside development,
    /// ending when the person's API credential does), OpenID Connect sign-in when configured, or development sign-in
    /// on a local Grid. Settings: <c>Grid:Web</c> (<see cref="GridWebOptions"/>).
    /// </summary>
    public static WebApplicationBuilder AddGridWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GridWebOptions>().BindConfiguration(GridWebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<GridWebOptions>>().Value);
        builder.Services.AddGridSecurityOptions();
        var options = builder.Configuration.GetSection(GridWebOptions.SectionName).Get<GridWebOptions>() ?? new GridWebOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddSingleton<ConsoleApi>();
        builder.Services.AddConsoleKeyRing();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (options.DevelopmentSignIn)
        {
            // The silo has the token service already; a console host of its own signs with the same key file.
            builder.Services.TryAddSingleton<GridTokenIssuer>();
            builder.Services.AddSingleton<DevelopmentSignIn>();
        }

        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/", Policy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
        }).AddApplicationPart(typeof(GridWebOptions).Assembly);
        var authentication = builder.Services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "grid-console";
            o.Cookie.Path = "/console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = options.DevelopmentSignIn ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = SignInPath;
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = options.SessionLifetime;
            o.SlidingExpiration = false;
        });
        if (options.UsesOidc)
        {
            AddOidc(builder, authentication, options);
        }

        builder.Services.AddAuthorization(o => o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser().RequireClaim(ConsoleUser.TokenClaim)));
        return builder;
    }

    /// <summary>Maps the console: security headers, authentication and the pages under <c>/console</c>, the stylesheet and the media proxy.</summary>
    public static WebApplication MapGridWeb(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<GridWebOptions>().Enabled)
        {
            return app;
        }

        app.UseWhen(http => http.Request.Path.StartsWithSegments("/console"), branch =>
        {
            branch.Use(ConsoleSecurityHeaders.ApplyAsync);
            branch.UseAuthentication();
            branch.UseAuthorization();
        });
        app.MapRazorPages();
        app.MapGet("/console", () => Results.Redirect("/console/recordings")).ExcludeFromDescription();
        app.MapGet("/console/console.css", ConsoleSecurityHeaders.StylesheetAsync).ExcludeFromDescription();
        app.MapGet("/console/recordings/{callId}/media", ConsoleMedia.MediaAsync).RequireAuthorization(Policy).ExcludeFromDescription();
        app.MapGet("/console/requests/{requestId}/bundle", ConsoleMedia.BundleAsync).RequireAuthorization(Policy).ExcludeFromDescription();
        app.MapGet("/console/holds/{holdId}/export", ConsoleMedia.CaseExportAsync).RequireAuthorization(Policy).ExcludeFromDescription();
        app.MapGet("/console/record-of-processing", ConsoleMedia.RecordOfProcessingAsync).RequireAuthorization(Policy).ExcludeFromDescription();
        return app;
    }

    private static void AddOidc(WebApplicationBuilder builder, AuthenticationBuilder authentication, GridWebOptions options)
    {
        var api = new GridApiOptions();
        builder.Configuration.GetSection(GridApiOptions.SectionName).Bind(api);
        builder.Services.AddHttpClient(ApiCredentials.OidcHttpClient).AddStandardResilienceHandler();
        builder.Services.AddOptions<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>(OidcScheme)
            .Configure<IHttpClientFactory>((o, http) => o.Backchannel = http.CreateClient(ApiCredentials.OidcHttpClient));
        authentication.AddOpenIdConnect(OidcScheme, o =>
        {
            o.Authority = options.OidcAuthority;
            o.ClientId = options.OidcClientId;
            o.ClientSecret = options.OidcClientSecret;
            // Authorization code with PKCE, answered as a redirect (the protocol's default response mode): the
            // correlation and nonce cookies then need only SameSite=Lax, not None.
            o.ResponseType = "code";
            o.ResponseMode = "query";
            o.UsePkce = true;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.CallbackPath = "/console/signin-oidc";
            o.SignInScheme = CookieScheme;
            o.RequireHttpsMetadata = api.RequireHttpsMetadata;
            foreach (var scope in options.OidcScopes)
            {
                o.Scope.Add(scope);
            }

            o.Events.OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var access = context.TokenEndpointResponse?.AccessToken;
                var tenant = principal.FindFirst(api.TenantClaim)?.Value;
                if (access is null || tenant is null)
                {
                    context.Fail("The authority's answer has no access token or no tenant claim (Grid:Api:TenantClaim).");
                    return Task.CompletedTask;
                }

                var user = new ConsoleUser(tenant, principal.FindFirst(api.SubjectClaim)?.Value ?? "", [.. principal.FindAll(api.RoleClaim).Select(c => c.Value)], access, Development: false);
                context.Principal = user.ToPrincipal(CookieScheme);
                return Task.CompletedTask;
            };
        });
    }
}
