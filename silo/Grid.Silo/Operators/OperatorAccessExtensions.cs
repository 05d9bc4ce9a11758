using Microsoft.AspNetCore.Authentication;

namespace Grid.Silo.Operators;

/// <summary>The operators' authorization policy: a valid operator token, or Development with anonymous allowed.</summary>
public static class OperatorAccessExtensions
{
    public const string Policy = "grid-operator";

    public static WebApplicationBuilder AddGridOperatorAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperatorAccessOptions>().BindConfiguration(OperatorAccessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var access = builder.Configuration.GetSection(OperatorAccessOptions.SectionName).Get<OperatorAccessOptions>() ?? new OperatorAccessOptions();
        builder.Services.AddAuthentication(OperatorTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, OperatorTokenHandler>(OperatorTokenHandler.SchemeName, null);
        var anonymous = access.AllowAnonymousInDevelopment && builder.Environment.IsDevelopment();
        builder.Services.AddAuthorization(o => o.AddPolicy(Policy, p => p.RequireAssertion(ctx => anonymous || ctx.User.IsInRole(OperatorTokenHandler.Role))));
        return builder;
    }
}
