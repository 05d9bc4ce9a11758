using System.CommandLine;
using Grid.Errors;
using Grid.Hosting;
using Grid.Security;
using Grid.Security.Tokens;

namespace Grid.Silo;

/// <summary>
/// <c>token --tenant T --role R [--role R2] [--subject S] [--minutes M]</c>: mints a development credential with the
/// local token signing key (<c>Grid:Security:TokenSigningKeyPath</c>), so every role can be tried locally.
/// An operator token: <c>token --role operator</c> (no tenant).
/// </summary>
internal static class TokenCommand
{
    public static Command Build(Func<IConfiguration> configuration)
    {
        var tenant = new Option<string?>("--tenant") { Description = "The tenant (not for an operator token)." };
        var roles = new Option<string[]>("--role") { Description = $"A role: {string.Join(", ", GridRoles.All)} (repeat for several).", Required = true };
        var subject = new Option<string>("--subject") { Description = "The subject the token names.", DefaultValueFactory = _ => "dev-" + Environment.UserName };
        var minutes = new Option<double?>("--minutes") { Description = "Lifetime in minutes (default: Grid:Security:TokenLifetime)." };
        var command = new Command("token", "Mint a development credential with the local token signing key (Grid:Security:TokenSigningKeyPath).") { tenant, roles, subject, minutes };
        command.SetAction(parse => Run(parse.GetValue(tenant), parse.GetValue(roles) ?? [], parse.GetValue(subject)!, parse.GetValue(minutes), configuration().ReadGridOptions()));
        return command;
    }

    private static int Run(string? tenant, IReadOnlyList<string> roles, string subject, double? minutes, GridSiloOptions options)
    {
        tenant ??= roles.Contains(GridRoles.Operator) ? GridPrincipal.AnyTenant : null;
        if (tenant is null)
        {
            return Usage("give --tenant (only an operator token has none)");
        }

        using var issuer = new GridTokenIssuer(options.Security);
        try
        {
            var token = issuer.Issue(tenant, subject, roles, TimeSpan.FromMinutes(minutes ?? options.Security.TokenLifetime.TotalMinutes));
            Console.Error.WriteLine($"# {string.Join(",", roles)} of {tenant} as {subject}, valid until {token.ExpiresAt:u} (key {issuer.KeyId})");
            Console.WriteLine(token.Value);
            return 0;
        }
        catch (GridValidationException e)
        {
            return Usage(e.Message);
        }
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"token: {problem}.");
        Console.Error.WriteLine("usage: token --tenant TENANT --role ROLE [--role ROLE2] [--subject SUBJECT] [--minutes MINUTES]");
        Console.Error.WriteLine($"roles: {string.Join(", ", GridRoles.All)} (operator takes no --tenant)");
        return 2;
    }
}
