using System.Net;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Grid.Calls;
using Grid.Security;
using Grid.Tenants;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Api;

/// <summary>
/// The console on several replicas: two hosts on one storage account share one Data Protection key ring (in a blob,
/// each key encrypted in key custody), so a sign-in on one is honoured by the other, a form taken from one is
/// accepted by the other, and a recording plays through the other; a host with another ring honours nothing.
/// </summary>
[Collection(GridCollection.Name)]
public sealed partial class ConsoleReplicaTests(GridFixture fixture)
{
    [Fact]
    public async Task A_sign_in_on_one_replica_works_on_another_for_forms_and_playback_and_not_on_a_foreign_key_ring()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var media = TestTenants.RandomBytes(3000, seed: 42);
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata() with { MediaType = "application/octet-stream" });
        await call.AppendAsync(0, media);
        await call.EndAsync();

        var ring = "ring-" + Guid.NewGuid().ToString("N")[..12];
        await using var first = await StartAsync(ring);
        await using var second = await StartAsync(ring);
        await using var foreign = await StartAsync("ring-" + Guid.NewGuid().ToString("N")[..12]);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });

        // Sign in on the first replica.
        var signIn = await browser.GetStringAsync(new Uri(first.Base, "console/sign-in"));
        var signedIn = await browser.PostAsync(new Uri(first.Base, "console/sign-in?handler=Development"), new FormUrlEncodedContent(
        [
            new("tenant", tenantId), new("subject", "holder-1"), new("roles", GridRoles.Analyst), new("roles", GridRoles.LegalHold),
            new("__RequestVerificationToken", TokenIn(signIn)),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // The second replica reads the first's cookie, takes the form the first rendered, and plays the recording.
        var list = await browser.GetAsync(new Uri(second.Base, "console/recordings"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var page = await browser.GetStringAsync(new Uri(first.Base, $"console/recordings/{callId}"));
        var held = await browser.PostAsync(new Uri(second.Base, $"console/recordings/{callId}?handler=Hold"), new FormUrlEncodedContent(
        [
            new("caseReference", "CASE-REPLICA"), new("legalBasis", "litigation"), new("__RequestVerificationToken", TokenIn(page)),
        ]));
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Contains("Hold placed for case CASE-REPLICA.", await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var hold = await fixture.InternalGrains.GetGrain<ITenantGrain>(tenantId).FindHoldAsync(callId);
        Assert.Equal("CASE-REPLICA", hold?.CaseReference);
        var played = await browser.GetAsync(new Uri(second.Base, $"console/recordings/{callId}/media"));
        Assert.Equal(HttpStatusCode.OK, played.StatusCode);
        Assert.Equal(media, await played.Content.ReadAsByteArrayAsync());

        // A host with another key ring does not honour the sign-in.
        var refused = await browser.GetAsync(new Uri(foreign.Base, "console/recordings"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/console/sign-in", refused.Headers.Location!.OriginalString.Replace(foreign.Base.ToString(), "/", StringComparison.Ordinal), StringComparison.Ordinal);

        // The ring is one blob of keys, each encrypted in key custody: no key material in clear.
        var blob = await new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(ring).GetBlobClient("keys.xml").DownloadContentAsync();
        var xml = blob.Value.Content.ToString();
        Assert.Equal(1, Regex.Count(xml, "<key "));
        Assert.Contains("urn:recording-grid:console-keyring:v1", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
    }

    private Task<ApiHost> StartAsync(string ring) => ApiHost.StartAsync(fixture, new Dictionary<string, string?>
    {
        ["Grid:Web:DevelopmentSignIn"] = "true",
        ["Grid:Web:KeyRing:Container"] = ring,
    }, console: true);

    private static string TokenIn(string html) => AntiforgeryField().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("The page has no anti-forgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
