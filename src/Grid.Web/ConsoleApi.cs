using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Grid.Web;

/// <summary>
/// The console's only way to the Grid: the customer API of this host, over loopback HTTP, with the signed-in
/// person's own bearer credential. Whatever the API refuses, the console cannot do either.
/// </summary>
public sealed class ConsoleApi(IServer server) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private Uri? self;

    /// <summary>This host's own address (a wildcard listen address becomes 127.0.0.1).</summary>
    public Uri Self => self ??= Resolve(server);

    public void Dispose() => http.Dispose();

    /// <summary>GET <c>/v1/tenants/{tenant}/{path}</c>.</summary>
    public Task<ApiResult<T>> GetAsync<T>(ConsoleUser user, string path, CancellationToken cancellationToken) =>
        SendAsync<T>(user, HttpMethod.Get, path, null, cancellationToken);

    /// <summary>POST <c>/v1/tenants/{tenant}/{path}</c> with a JSON body.</summary>
    public Task<ApiResult<T>> PostAsync<T>(ConsoleUser user, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(user, HttpMethod.Post, path, body, cancellationToken);

    /// <summary>PUT <c>/v1/tenants/{tenant}/{path}</c> with a JSON body.</summary>
    public Task<ApiResult<T>> PutAsync<T>(ConsoleUser user, string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(user, HttpMethod.Put, path, body, cancellationToken);

    /// <summary>DELETE <c>/v1/tenants/{tenant}/{path}</c>.</summary>
    public Task<ApiResult<T>> DeleteAsync<T>(ConsoleUser user, string path, CancellationToken cancellationToken) =>
        SendAsync<T>(user, HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>A request of the tenant's API with the person's credential, for streaming (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> SendRawAsync(ConsoleUser user, HttpMethod method, string path, Action<HttpRequestMessage> configure, CancellationToken cancellationToken)
    {
        var request = Request(user, method, path);
        configure(request);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async Task<ApiResult<T>> SendAsync<T>(ConsoleUser user, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = Request(user, method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new ApiResult<T>(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), status, null, null);
        }

        string? code = null, detail = null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken);
            code = problem?["code"]?.GetValue<string>();
            detail = problem?["detail"]?.GetValue<string>() ?? problem?["title"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            // Not a problem document: the status says it.
        }

        return new ApiResult<T>(default, status, code, detail ?? response.ReasonPhrase);
    }

    private HttpRequestMessage Request(ConsoleUser user, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Self, $"v1/tenants/{Uri.EscapeDataString(user.TenantId)}/{path}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return request;
    }

    private static Uri Resolve(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)).FirstOrDefault()
            ?? throw new InvalidOperationException("The console needs the host's HTTP address (Grid:HttpUrls).");
        var uri = new UriBuilder(chosen.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        return uri.Uri;
    }
}

/// <summary>An API answer: the value, or the status with the problem's code and detail.</summary>
public sealed record ApiResult<T>(T? Value, int Status, string? Code, string? Detail)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>What the page shows when the API refused.</summary>
    public string Explanation => Status switch
    {
        401 => "Your sign-in has expired. Sign in again.",
        403 => $"Refused: {Detail ?? "your roles do not allow this."}",
        404 => $"Not found: {Detail ?? "there is no such item in your tenant."}",
        _ => $"{Detail ?? "The request failed."} ({Code ?? Status.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
    };
}
