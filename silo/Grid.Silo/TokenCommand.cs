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
    public static int Run(string[] args, GridSiloOptions options)
    {
        string? tenant = null;
        string subject = "dev-" + Environment.UserName;
        var roles = new List<string>();
        var minutes = options.Security.TokenLifetime.TotalMinutes;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--tenant": tenant = args[i + 1]; break;
                case "--role": roles.Add(args[i + 1]); break;
                case "--subject": subject = args[i + 1]; break;
                case "--minutes": minutes = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: return Usage($"unknown option {args[i]}");
            }
        }

        if (roles.Count == 0)
        {
            return Usage("give at least one --role");
        }

        tenant ??= roles.Contains(GridRoles.Operator) ? GridPrincipal.AnyTenant : null;
        if (tenant is null)
        {
            return Usage("give --tenant (only an operator token has none)");
        }

        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(options.Security));
        try
        {
            var token = issuer.Issue(tenant, subject, roles, TimeSpan.FromMinutes(minutes));
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
