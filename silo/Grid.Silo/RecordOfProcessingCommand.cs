using Grid.Hosting;
using Grid.Security;
using Grid.Security.Tokens;

namespace Grid.Silo;

/// <summary>
/// <c>record-of-processing TENANT [--format json|markdown] [--out FILE] [--api URL]</c>: asks a running Grid's
/// customer API for a tenant's record of processing (generated there from live configuration) as an operator with
/// the local token signing key, and writes it to the file or standard output.
/// </summary>
internal static class RecordOfProcessingCommand
{
    public static async Task<int> RunAsync(string tenantId, string[] args, GridSiloOptions options)
    {
        var format = "markdown";
        string? output = null;
        var api = options.HttpUrls.Split(';')[0];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--format" when args[i + 1] is "json" or "markdown": format = args[i + 1]; break;
                case "--out": output = args[i + 1]; break;
                case "--api": api = args[i + 1]; break;
                default: return Usage($"unknown option or value {args[i]} {args[i + 1]}");
            }
        }

        if (!GridIds.IsValidTenantId(tenantId))
        {
            return Usage("the tenant id is malformed");
        }

        using var issuer = new GridTokenIssuer(Microsoft.Extensions.Options.Options.Create(options.Security));
        var token = issuer.Issue(GridPrincipal.AnyTenant, "cli-" + Environment.UserName, [GridRoles.Operator]);
        using var http = new HttpClient { BaseAddress = new Uri(api.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/tenants/{tenantId}/record-of-processing?format={format}");
        request.Headers.Authorization = new("Bearer", token.Value);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            return Usage($"no Grid answers at {api} ({e.Message}); start one with 'dotnet run --project silo/Grid.Silo' or give --api");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"record-of-processing: {(int)response.StatusCode} {body}");
                return 1;
            }

            if (output is null)
            {
                Console.Write(body);
            }
            else
            {
                await File.WriteAllTextAsync(output, body);
                Console.Error.WriteLine($"Wrote the record of processing of {tenantId} ({format}) to {output}.");
            }

            return 0;
        }
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"record-of-processing: {problem}.");
        Console.Error.WriteLine("usage: record-of-processing TENANT [--format json|markdown] [--out FILE] [--api URL]");
        return 2;
    }
}
