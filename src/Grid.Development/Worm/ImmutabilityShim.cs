using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grid.Development.Worm;

/// <summary>
/// Development and tests only: an HTTP proxy in front of Azurite's blob endpoint that adds what Azurite lacks, Azure
/// Blob storage's version-level immutability (Azurite answers 501 to <c>comp=immutabilityPolicies</c> and
/// <c>comp=legalhold</c> and ignores the immutability headers on upload). Every other request is passed through
/// unchanged, signature included, so the real <c>Azure.Storage.Blobs</c> calls are exercised end to end.
/// <para>What it implements, as Azure documents it for a container with version-level immutability enabled (which
/// only an operator enables, as the Bicep does: here <see cref="EnableVersionLevelImmutability"/>):</para>
/// <list type="bullet">
/// <item>Set Blob Immutability Policy (<c>PUT ?comp=immutabilityPolicies</c>, until-date and mode): an unlocked
/// policy may change or be deleted; a locked one may only be extended (shortening it, unlocking it or deleting it is
/// 409). Past dates are 400; a container without immutability 409; a missing blob 404.</item>
/// <item>Set Blob Legal Hold (<c>PUT ?comp=legalhold</c>).</item>
/// <item>The same on upload: <c>x-ms-immutability-policy-until-date</c>, <c>-mode</c> and <c>x-ms-legal-hold</c>
/// on Put Blob, Put Block List and Create Append Blob, applied once the write succeeded.</item>
/// <item>Refusals: while a policy is in force or a legal hold is set, deleting the blob, overwriting it (Put Blob,
/// Copy Blob, Put Block List), appending to it, writing pages or metadata is refused with 409
/// <c>BlobImmutableDueToPolicy</c> or <c>BlobImmutableDueToLegalHold</c>; so is deleting its container.</item>
/// <item>Blob properties (HEAD, GET) carry <c>x-ms-immutability-policy-until-date</c>, <c>-mode</c> and
/// <c>x-ms-legal-hold</c>; container properties carry <c>x-ms-immutable-storage-with-versioning-enabled</c>.</item>
/// </list>
/// <para>Where it differs from Azure: it has no blob versions, so the policy is on the blob, and an overwrite of a
/// protected blob is refused (409). Azure accepts such an overwrite as a new, unprotected current version and keeps
/// the protected one as a previous version that nobody can delete before its policy ends: the protected bytes survive
/// either way (<c>ImmutabilityContract.OverwriteCreatesVersion</c> says which rule a store follows). Not implemented:
/// container-level (default) policies, protected append writes, listing with <c>include=immutabilitypolicy</c>. Its
/// state lives in memory, for one run.</para>
/// </summary>
public sealed class ImmutabilityShim : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Connection", "Transfer-Encoding", "Keep-Alive", "Host", "Upgrade", "Proxy-Connection" };

    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly BlobServiceClient upstreamBlobs;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, byte> enabledContainers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BlobProtection> protections = new(StringComparer.Ordinal);

    private ImmutabilityShim(WebApplication app, HttpClient upstream, BlobServiceClient upstreamBlobs, TimeProvider time)
    {
        this.app = app;
        this.upstream = upstream;
        this.upstreamBlobs = upstreamBlobs;
        this.time = time;
    }

    /// <summary>The shim's blob endpoint (<c>http://127.0.0.1:{port}/{account}</c>): use it in place of Azurite's.</summary>
    public Uri BlobEndpoint { get; private set; } = null!;

    /// <summary>The account's connection string with the shim as its blob endpoint (queues and tables stay on Azurite).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Requests the shim refused (for tests that check nothing slipped through).</summary>
    public int Refusals => refusals;

    private int refusals;

    /// <summary>
    /// Starts the shim on a free loopback port in front of the Azurite account of <paramref name="connectionString"/>
    /// (which must name its <c>BlobEndpoint</c>).
    /// </summary>
    /// <param name="connectionString">The Azurite account's connection string.</param>
    /// <param name="time">The clock that decides whether a policy is still in force (a test's fake clock).</param>
    /// <returns>The running shim.</returns>
    public static async Task<ImmutabilityShim> StartAsync(string connectionString, TimeProvider? time = null)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : string.Empty, StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("BlobEndpoint", out var endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var blobUri))
        {
            throw new ArgumentException("The connection string names no BlobEndpoint.", nameof(connectionString));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        var shim = new ImmutabilityShim(app, new HttpClient(handler) { BaseAddress = new Uri(blobUri.GetLeftPart(UriPartial.Authority)), Timeout = Timeout.InfiniteTimeSpan }, new BlobServiceClient(connectionString), time ?? TimeProvider.System);
        app.Run(shim.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        shim.BlobEndpoint = new Uri($"http://127.0.0.1:{address.Port}{blobUri.AbsolutePath.TrimEnd('/')}");
        parts["BlobEndpoint"] = shim.BlobEndpoint.ToString().TrimEnd('/');
        shim.ConnectionString = string.Join(';', parts.Select(p => $"{p.Key}={p.Value}")) + ";";
        return shim;
    }

    /// <summary>Enables version-level immutability on a container (in Azure: the container's or account's setting, chosen by the operator).</summary>
    /// <param name="container">The container's name.</param>
    public void EnableVersionLevelImmutability(string container) => enabledContainers[container] = 0;

    /// <summary>Enables version-level immutability on every container of the account (the Bicep's <c>worm</c> parameter).</summary>
    public void EnableVersionLevelImmutabilityOnAccount() => accountLevel = true;

    private bool accountLevel;

    private bool Enabled(string container) => accountLevel || enabledContainers.ContainsKey(container);

    /// <summary>The protection the shim holds for a blob, if any.</summary>
    /// <param name="container">The container.</param>
    /// <param name="blob">The blob's name.</param>
    /// <returns>Its policy and legal hold, or null.</returns>
    public BlobProtection? ProtectionOf(string container, string blob) =>
        protections.TryGetValue(Key(container, blob), out var protection) ? protection : null;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private static string Key(string container, string blob) => container + "/" + blob;

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = (request.Path.Value ?? "/").TrimStart('/').Split('/', 3);
        var container = segments.Length > 1 ? segments[1] : string.Empty;
        var blob = segments.Length > 2 ? Uri.UnescapeDataString(segments[2]) : string.Empty;
        var comp = request.Query["comp"].ToString();
        var isContainer = string.Equals(request.Query["restype"], "container", StringComparison.Ordinal);

        if (blob.Length > 0 && comp is "immutabilityPolicies")
        {
            await PolicyAsync(context, container, blob);
            return;
        }

        if (blob.Length > 0 && comp is "legalhold")
        {
            await LegalHoldAsync(context, container, blob);
            return;
        }

        if (blob.Length > 0 && Refused(request.Method, comp, request.Headers) && Protected(container, blob) is { } code)
        {
            await RefuseAsync(context, HttpStatusCode.Conflict, code, code == "BlobImmutableDueToLegalHold"
                ? "This operation is not permitted as the blob is immutable due to a legal hold."
                : "This operation is not permitted as the blob is immutable due to a policy.");
            return;
        }

        if (isContainer && HttpMethods.IsDelete(request.Method) && blob.Length == 0
            && protections.Any(p => p.Key.StartsWith(container + "/", StringComparison.Ordinal) && Protected(p.Value)))
        {
            await RefuseAsync(context, HttpStatusCode.Conflict, "BlobImmutableDueToPolicy", "The container holds blobs that are immutable due to a policy or a legal hold.");
            return;
        }

        var requested = blob.Length > 0 && HttpMethods.IsPut(request.Method) && comp is "" or "blocklist" ? RequestedProtection(request.Headers) : null;
        if (requested is not null)
        {
            if (!Enabled(container))
            {
                await RefuseAsync(context, HttpStatusCode.Conflict, "ImmutableStorageWithVersioningNotEnabled", "Version-level immutability is not enabled on this container.");
                return;
            }

            if (requested.Value.Until is { } until && until <= time.GetUtcNow())
            {
                await RefuseAsync(context, HttpStatusCode.BadRequest, "InvalidHeaderValue", "x-ms-immutability-policy-until-date is in the past.");
                return;
            }
        }

        var status = await ForwardAsync(context, blob.Length > 0 ? Key(container, blob) : null, isContainer ? container : null);
        if (requested is { } protection && status is >= 200 and < 300)
        {
            protections[Key(container, blob)] = new BlobProtection(protection.Until, protection.Until is null ? null : protection.Mode, protection.LegalHold);
        }
        else if (blob.Length > 0 && HttpMethods.IsDelete(request.Method) && comp.Length == 0 && status is >= 200 and < 300)
        {
            // Deleted once nothing protected it: a blob written again under the name starts unprotected.
            protections.TryRemove(Key(container, blob), out _);
        }
    }

    /// <summary>The operations a policy or legal hold refuses: delete, overwrite, append, pages, metadata.</summary>
    private static bool Refused(string method, string comp, IHeaderDictionary headers) =>
        HttpMethods.IsDelete(method)
        || (HttpMethods.IsPut(method) && comp is "" or "blocklist" or "appendblock" or "page" or "metadata" or "copy")
        || (HttpMethods.IsPut(method) && comp.Length == 0 && headers.ContainsKey("x-ms-copy-source"));

    private static (DateTimeOffset? Until, string Mode, bool LegalHold)? RequestedProtection(IHeaderDictionary headers)
    {
        var until = headers["x-ms-immutability-policy-until-date"].ToString();
        var hold = headers["x-ms-legal-hold"].ToString();
        if (until.Length == 0 && hold.Length == 0)
        {
            return null;
        }

        return (until.Length == 0 ? null : DateTimeOffset.ParseExact(until, "r", CultureInfo.InvariantCulture),
            headers["x-ms-immutability-policy-mode"].ToString() is { Length: > 0 } mode ? mode : "Unlocked",
            string.Equals(hold, "true", StringComparison.OrdinalIgnoreCase));
    }

    private string? Protected(string container, string blob) =>
        protections.TryGetValue(Key(container, blob), out var protection) ? Refusal(protection) : null;

    private bool Protected(BlobProtection protection) => Refusal(protection) is not null;

    private string? Refusal(BlobProtection protection) =>
        protection.LegalHold ? "BlobImmutableDueToLegalHold"
        : protection.Until is { } until && until > time.GetUtcNow() ? "BlobImmutableDueToPolicy"
        : null;

    private async Task PolicyAsync(HttpContext context, string container, string blob)
    {
        var key = Key(container, blob);
        if (!Enabled(container))
        {
            await RefuseAsync(context, HttpStatusCode.Conflict, "ImmutableStorageWithVersioningNotEnabled", "Version-level immutability is not enabled on this container.");
            return;
        }

        if (!await upstreamBlobs.GetBlobContainerClient(container).GetBlobClient(blob).ExistsAsync())
        {
            await RefuseAsync(context, HttpStatusCode.NotFound, "BlobNotFound", "The specified blob does not exist.");
            return;
        }

        protections.TryGetValue(key, out var current);
        var locked = current is { Mode: "Locked", Until: { } lockedUntil } && lockedUntil > time.GetUtcNow();
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            if (locked)
            {
                await RefuseAsync(context, HttpStatusCode.Conflict, "ImmutabilityPolicyLocked", "A locked immutability policy cannot be deleted.");
                return;
            }

            protections[key] = (current ?? new BlobProtection(null, null, false)) with { Until = null, Mode = null };
            Answer(context);
            return;
        }

        if (!HttpMethods.IsPut(context.Request.Method)
            || !DateTimeOffset.TryParseExact(context.Request.Headers["x-ms-immutability-policy-until-date"].ToString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
        {
            await RefuseAsync(context, HttpStatusCode.BadRequest, "InvalidHeaderValue", "x-ms-immutability-policy-until-date is required, in RFC 1123 format.");
            return;
        }

        var mode = context.Request.Headers["x-ms-immutability-policy-mode"].ToString() is { Length: > 0 } m ? m : "Unlocked";
        if (mode is not ("Unlocked" or "Locked") || until <= time.GetUtcNow())
        {
            await RefuseAsync(context, HttpStatusCode.BadRequest, "InvalidHeaderValue", "The mode is Unlocked or Locked and the until-date is in the future.");
            return;
        }

        if (locked && (until < current!.Until || mode != "Locked"))
        {
            await RefuseAsync(context, HttpStatusCode.Conflict, "ImmutabilityPolicyLocked", "A locked immutability policy can only be extended.");
            return;
        }

        var updated = (current ?? new BlobProtection(null, null, false)) with { Until = until, Mode = mode };
        protections[key] = updated;
        Answer(context);
        context.Response.Headers["x-ms-immutability-policy-until-date"] = until.ToString("r", CultureInfo.InvariantCulture);
        context.Response.Headers["x-ms-immutability-policy-mode"] = mode.ToLowerInvariant();
    }

    private async Task LegalHoldAsync(HttpContext context, string container, string blob)
    {
        if (!Enabled(container))
        {
            await RefuseAsync(context, HttpStatusCode.Conflict, "ImmutableStorageWithVersioningNotEnabled", "Version-level immutability is not enabled on this container.");
            return;
        }

        var value = context.Request.Headers["x-ms-legal-hold"].ToString();
        if (!HttpMethods.IsPut(context.Request.Method) || !bool.TryParse(value, out var hold))
        {
            await RefuseAsync(context, HttpStatusCode.BadRequest, "InvalidHeaderValue", "x-ms-legal-hold is true or false.");
            return;
        }

        if (!await upstreamBlobs.GetBlobContainerClient(container).GetBlobClient(blob).ExistsAsync())
        {
            await RefuseAsync(context, HttpStatusCode.NotFound, "BlobNotFound", "The specified blob does not exist.");
            return;
        }

        var key = Key(container, blob);
        protections.AddOrUpdate(key, _ => new BlobProtection(null, null, hold), (_, p) => p with { LegalHold = hold });
        Answer(context);
        context.Response.Headers["x-ms-legal-hold"] = hold ? "true" : "false";
    }

    private static void Answer(HttpContext context)
    {
        context.Response.StatusCode = (int)HttpStatusCode.OK;
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-version"] = context.Request.Headers["x-ms-version"].ToString();
        context.Response.Headers["Date"] = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        context.Response.ContentLength = 0;
    }

    private async Task RefuseAsync(HttpContext context, HttpStatusCode status, string code, string message)
    {
        Interlocked.Increment(ref refusals);
        var body = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{WebUtility.HtmlEncode(message)}</Message></Error>";
        context.Response.StatusCode = (int)status;
        context.Response.Headers["x-ms-error-code"] = code;
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-version"] = context.Request.Headers["x-ms-version"].ToString();
        context.Response.ContentType = "application/xml";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync(body);
        }
    }

    /// <summary>Passes the request to Azurite unchanged and copies the answer back, adding the immutability headers.</summary>
    private async Task<int> ForwardAsync(HttpContext context, string? blobKey, string? container)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        if (request.ContentLength is > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            message.Content = new StreamContent(request.Body);
        }
        else if (HttpMethods.IsPut(request.Method) || HttpMethods.IsPost(request.Method))
        {
            message.Content = new ByteArrayContent([]);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (response.IsSuccessStatusCode && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            if (blobKey is not null && protections.TryGetValue(blobKey, out var protection))
            {
                if (protection.Until is { } until)
                {
                    context.Response.Headers["x-ms-immutability-policy-until-date"] = until.ToString("r", CultureInfo.InvariantCulture);
                    context.Response.Headers["x-ms-immutability-policy-mode"] = protection.Mode!.ToLowerInvariant();
                }

                context.Response.Headers["x-ms-legal-hold"] = protection.LegalHold ? "true" : "false";
            }
            else if (container is not null && request.Query["comp"].Count == 0)
            {
                context.Response.Headers["x-ms-immutable-storage-with-versioning-enabled"] = Enabled(container) ? "true" : "false";
            }
        }

        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }

        return (int)response.StatusCode;
    }
}

/// <summary>A blob's protection in the shim: its policy (until, mode) and its legal hold.</summary>
/// <param name="Until">The policy's until-date, or null for none.</param>
/// <param name="Mode"><c>Unlocked</c> or <c>Locked</c>, or null for none.</param>
/// <param name="LegalHold">Whether a legal hold is set.</param>
public sealed record BlobProtection(DateTimeOffset? Until, string? Mode, bool LegalHold);
