using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;

namespace Grid.Tests.Custody;

/// <summary>
/// An in-process stand-in for the Key Vault REST API (keys: create, wrapkey, unwrapkey, delete, purge), following the
/// documented request and response shapes, with real RSA-OAEP-256 so wraps really round-trip. It sits behind
/// Azure.Core's HttpClientTransport, so the custody's whole pipeline (auth policy, retries, serialization) runs.
/// </summary>
internal sealed class FakeKeyVault : HttpMessageHandler
{
    public const string Host = "fake-grid.vault.azure.net";
    public const string Token = "fake-access-token";

    private readonly Dictionary<string, List<(string Version, RSA Key)>> keys = new(StringComparer.Ordinal);

    // The vault's host as the request named it: one fake can stand for a vault of any name.
    private string host = Host;

    public List<(string Method, string PathAndQuery, JsonNode? Body, string? Authorization)> Requests { get; } = [];

    public HttpStatusCode? ForcedStatus { get; set; }

    /// <summary>A vault with purge protection: a purge is refused with the service's 403 and message.</summary>
    public bool PurgeProtected { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        var auth = request.Headers.Authorization?.ToString();
        Requests.Add((request.Method.Method, request.RequestUri!.PathAndQuery, body, auth));
        host = request.RequestUri.Host;
        if (auth != $"Bearer {Token}")
        {
            return Error(HttpStatusCode.Unauthorized, "Unauthorized");
        }

        if (ForcedStatus is { } forced)
        {
            return Error(forced, forced == HttpStatusCode.Forbidden ? "Forbidden" : "ServiceUnavailable");
        }

        if (request.RequestUri.Query != "?api-version=7.4")
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter");
        }

        var path = request.RequestUri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method.Method, path) switch
        {
            ("POST", ["keys", var name, "create"]) => Create(name, body!),
            ("POST", ["keys", var name, var version, "wrapkey"]) => Crypt(name, version, body!, wrap: true),
            ("POST", ["keys", var name, var version, "unwrapkey"]) => Crypt(name, version, body!, wrap: false),
            ("DELETE", ["keys", var name]) => keys.Remove(name) ? Json(new JsonObject { ["recoveryId"] = $"https://{host}/deletedkeys/{name}" }) : Error(HttpStatusCode.NotFound, "KeyNotFound"),
            ("DELETE", ["deletedkeys", _]) when PurgeProtected => new HttpResponseMessage(HttpStatusCode.Forbidden)
            {
                Content = new StringContent(new JsonObject { ["error"] = new JsonObject { ["code"] = "Forbidden", ["message"] = "Operation \"purge\" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed." } }.ToJsonString(), Encoding.UTF8, "application/json"),
            },
            ("DELETE", ["deletedkeys", _]) => new HttpResponseMessage(HttpStatusCode.NoContent),
            _ => Error(HttpStatusCode.BadRequest, "BadParameter"),
        };
    }

    private HttpResponseMessage Create(string name, JsonNode body)
    {
        if (body["kty"]?.GetValue<string>() != "RSA-HSM" || body["key_size"]?.GetValue<int>() != 3072)
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter");
        }

        var version = Guid.NewGuid().ToString("N");
        var rsa = RSA.Create(3072);
        if (!keys.TryGetValue(name, out var versions))
        {
            keys[name] = versions = [];
        }

        versions.Add((version, rsa));
        var parameters = rsa.ExportParameters(false);
        return Json(new JsonObject
        {
            ["key"] = new JsonObject
            {
                ["kid"] = $"https://{host}/keys/{name}/{version}",
                ["kty"] = "RSA-HSM",
                ["key_ops"] = new JsonArray("wrapKey", "unwrapKey"),
                ["n"] = B64Url(parameters.Modulus!),
                ["e"] = B64Url(parameters.Exponent!),
            },
            ["attributes"] = new JsonObject { ["enabled"] = true, ["exportable"] = false },
        });
    }

    private HttpResponseMessage Crypt(string name, string version, JsonNode body, bool wrap)
    {
        var key = keys.GetValueOrDefault(name)?.FirstOrDefault(v => v.Version == version).Key;
        if (key is null)
        {
            return Error(HttpStatusCode.NotFound, "KeyNotFound");
        }

        if (body["alg"]?.GetValue<string>() != "RSA-OAEP-256")
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter");
        }

        var input = FromB64Url(body["value"]!.GetValue<string>());
        try
        {
            var output = wrap ? key.Encrypt(input, RSAEncryptionPadding.OaepSHA256) : key.Decrypt(input, RSAEncryptionPadding.OaepSHA256);
            return Json(new JsonObject { ["kid"] = $"https://{host}/keys/{name}/{version}", ["value"] = B64Url(output) });
        }
        catch (CryptographicException)
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter");
        }
    }

    private static HttpResponseMessage Json(JsonNode node) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private static HttpResponseMessage Error(HttpStatusCode status, string code) => new(status)
    {
        Content = new StringContent(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = code } }.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    public static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    public sealed class StaticCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(Token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
