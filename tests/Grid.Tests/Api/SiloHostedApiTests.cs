using System.Net;
using System.Net.Http.Headers;
using Grid.Calls;
using Grid.Security;
using Grid.Security.Tokens;
using Grid.Tests.Faults;
using Microsoft.Extensions.Options;

namespace Grid.Tests.Api;

/// <summary>
/// The API as the silo process hosts it by default: its grain calls are made inside a silo, yet they carry the
/// person's credential and no silo-only proof, so the grains refuse what the person may not do.
/// </summary>
public sealed class SiloHostedApiTests : IAsyncLifetime
{
    private readonly ProcessClusterFixture grid = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task InitializeAsync() => grid.InitializeAsync();

    public async Task DisposeAsync()
    {
        http.Dispose();
        await grid.DisposeAsync();
    }

    [Fact]
    public async Task The_silo_hosted_api_is_decided_by_the_grains_on_the_persons_credential()
    {
        var silo = await grid.StartSiloAsync(new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" });
        var (recorder, _, tenantId) = await grid.ConnectAsync(TimeSpan.FromSeconds(30));
        var media = Grid.Tests.Infrastructure.TestTenants.RandomBytes(5000, seed: 9);
        await using (var call = await recorder.StartCallAsync(tenantId, "hosted-1", new CallMetadata { Direction = CallDirection.Outbound, MediaType = "audio/wav", Participants = [new Participant("customer", "+44 20 7946 7777")] }))
        {
            await call.SendAsync(media);
            await call.EndAsync();
        }

        using var issuer = new GridTokenIssuer(Options.Create(grid.Security));
        async Task<(HttpStatusCode, string, byte[])> SendAsync(HttpMethod method, string path, string token, string? json = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(silo.HttpBase, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (json is not null)
            {
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return (response.StatusCode, System.Text.Encoding.UTF8.GetString(bytes), bytes);
        }

        var analyst = issuer.Issue(tenantId, "analyst-1", [GridRoles.Analyst]).Value;
        var recorderToken = issuer.Issue(tenantId, "frontend", [GridRoles.Recorder]).Value;
        var operatorToken = issuer.Issue(GridPrincipal.AnyTenant, "ops", [GridRoles.Operator]).Value;
        var otherTenant = issuer.Issue("f-someone-else", "intruder", [GridRoles.Analyst, GridRoles.TenantAdmin]).Value;

        var search = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/search", analyst, "{\"participant\": \"0044 20 7946 7777\"}");
        var played = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/hosted-1/media", analyst);
        var byRecorder = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/hosted-1/media", recorderToken);
        var byOperator = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/hosted-1/metadata", operatorToken);
        var byOtherTenant = await SendAsync(HttpMethod.Delete, $"v1/tenants/{tenantId}/recordings/hosted-1", otherTenant);
        var summary = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/hosted-1", operatorToken);

        Assert.Equal(HttpStatusCode.OK, search.Item1);
        Assert.Contains("\"callId\":\"hosted-1\"", search.Item2, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, played.Item1);
        Assert.Equal(media, played.Item3);
        Assert.Equal(HttpStatusCode.Forbidden, byRecorder.Item1);
        Assert.Contains("\"reason\":\"role\"", byRecorder.Item2, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.Item1);
        Assert.Contains("\"reason\":\"role\"", byOperator.Item2, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherTenant.Item1);
        Assert.Contains("\"reason\":\"tenant\"", byOtherTenant.Item2, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, summary.Item1);
        Assert.Contains("\"status\":\"sealed\"", summary.Item2, StringComparison.Ordinal);

        // The CLI asks the running silo's API for the record of processing, as an operator.
        var output = Path.Combine(Path.GetTempPath(), $"rop-{Guid.NewGuid():N}.md");
        var (exitCode, cliOutput) = await RunCliAsync(["record-of-processing", tenantId, "--format", "markdown", "--out", output, "--api", silo.HttpBase.ToString()]);
        Assert.True(exitCode == 0, cliOutput);
        var document = await File.ReadAllTextAsync(output);
        File.Delete(output);
        Assert.StartsWith("# Record of processing — ", document, StringComparison.Ordinal);
        Assert.Contains($"Tenant `{tenantId}`", document, StringComparison.Ordinal);
        Assert.DoesNotContain("7946 7777", document, StringComparison.Ordinal);
        var (refusedCode, refusedOutput) = await RunCliAsync(["record-of-processing", "No_Such", "--api", silo.HttpBase.ToString()]);
        Assert.Equal(2, refusedCode);
        Assert.Contains("the tenant id is malformed", refusedOutput, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output)> RunCliAsync(string[] arguments) =>
        SiloCli.RunAsync(arguments, new Dictionary<string, string> { ["Grid__Security__TokenSigningKeyPath"] = grid.Security.TokenSigningKeyPath });
}
