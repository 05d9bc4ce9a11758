using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Grid.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grid.Api;

/// <summary>Data-subject requests: open, verify identity, extend, refuse, carry out, download the export bundle.</summary>
internal static class RequestEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        var requests = tenant.MapGroup("/requests").WithTags("data-subject requests");
        GridApiEndpoints.Describe(requests.MapPost("/", async (string tenantId, OpenRequest open, IGrainFactory grains, HttpContext http) =>
        {
            var requestId = "dsr-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var info = await Request(grains, tenantId, requestId).OpenAsync(new DataSubjectRequestSpec { Kind = open.Kind, Identifier = open.Identifier, Reference = open.Reference }, http.RequestAborted);
            return Results.Created($"/v1/tenants/{tenantId}/requests/{requestId}", info);
        }), "Open a data-subject request for a person (the identifier is hashed at once; the deadline runs from now)", GridOperation.Of<IDataSubjectRequestGrain>(nameof(IDataSubjectRequestGrain.OpenAsync)));
        GridApiEndpoints.Describe(requests.MapGet("/", (string tenantId, bool? open, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IDataSubjectRequestRegisterGrain>(GridApiEndpoints.Tenant(tenantId)).ListAsync(open ?? false, http.RequestAborted)),
            "The tenant's data-subject requests, earliest deadline first (?open=true: unanswered only)", GridOperation.Of<IDataSubjectRequestRegisterGrain>(nameof(IDataSubjectRequestRegisterGrain.ListAsync)));
        GridApiEndpoints.Describe(requests.MapGet("/{requestId}", (string tenantId, string requestId, IGrainFactory grains, HttpContext http) =>
            Request(grains, tenantId, requestId).GetAsync(http.RequestAborted)),
            "A request: status, deadline, recordings acted on and withheld, certificate or bundle manifest", GridOperation.Of<IDataSubjectRequestGrain>(nameof(IDataSubjectRequestGrain.GetAsync)));
        GridApiEndpoints.Describe(requests.MapPost("/{requestId}/verify-identity", (string tenantId, string requestId, ReasonRequest body, IGrainFactory grains, HttpContext http) =>
            Request(grains, tenantId, requestId).VerifyIdentityAsync(body.Text, http.RequestAborted)),
            "Record how the person's identity was verified", GridOperation.Of<IDataSubjectRequestGrain>(nameof(IDataSubjectRequestGrain.VerifyIdentityAsync)));
        GridApiEndpoints.Describe(requests.MapPost("/{requestId}/extend", (string tenantId, string requestId, ReasonRequest body, IGrainFactory grains, HttpContext http) =>
            Request(grains, tenantId, requestId).ExtendAsync(body.Text, http.RequestAborted)),
            "Extend the deadline by two months, once, with the reason", GridOperation.Of<IDataSubjectRequestGrain>(nameof(IDataSubjectRequestGrain.ExtendAsync)));
        GridApiEndpoints.Describe(requests.MapPost("/{requestId}/refuse", (string tenantId, string requestId, ReasonRequest body, IGrainFactory grains, HttpContext http) =>
            Request(grains, tenantId, requestId).RefuseAsync(body.Text, http.RequestAborted)),
            "Refuse the request, with the reason", GridOperation.Of<IDataSubjectRequestGrain>(nameof(IDataSubjectRequestGrain.RefuseAsync)));
        GridApiEndpoints.Describe(requests.MapPost("/{requestId}/run", (string tenantId, string requestId, RunRequest? body, IGrainFactory grains, HttpContext http) =>
            Request(grains, tenantId, requestId).RunAsync(body?.Correction, http.RequestAborted)),
            "Carry the request out: erase, restrict, correct, or prepare the export bundle", GridOperation.Of<IDataSubjectRequestGrain>(nameof(IDataSubjectRequestGrain.RunAsync)));
        GridApiEndpoints.Describe(requests.MapGet("/{requestId}/bundle", (string tenantId, string requestId, IGrainFactory grains, HttpContext http) =>
            ZipAsync(http, requestId, Request(grains, tenantId, requestId).ReadFileAsync)),
            "The export bundle (zip): media (WAV where possible), metadata JSON, manifest.json signed by the processor", GridOperation.Of<IDataSubjectRequestGrain>(nameof(IDataSubjectRequestGrain.ReadFileAsync)));
    }

    private static IDataSubjectRequestGrain Request(IGrainFactory grains, string tenantId, string requestId) =>
        grains.GetGrain<IDataSubjectRequestGrain>($"{GridApiEndpoints.Tenant(tenantId)}/{GridIds.RequireCallId(requestId)}");

    /// <summary>
    /// Streams an export bundle as a zip (a data-subject request's, a legal hold case's): every file straight from the grain into its entry, so a bundle of many recordings
    /// never sits in memory; then the manifest, its signature and the processor's key id.
    /// </summary>
    public static async Task ZipAsync(HttpContext http, string name, Func<string, CancellationToken, IAsyncEnumerable<byte[]>> read)
    {
        var aborted = http.RequestAborted;
        var manifest = await ReadAllAsync(read, "manifest.json", aborted);
        var signature = await ReadAllAsync(read, "manifest.signature.json", aborted);
        using var listed = JsonDocument.Parse(manifest);
        var paths = listed.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/zip";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.zip\"";
        await using var body = new AsyncResponseStream(http.Response.Body);
        await using (var zip = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, aborted))
        {
            foreach (var path in paths)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
                await using var target = await entry.OpenAsync(aborted);
                await foreach (var piece in read(path, aborted).WithCancellation(aborted))
                {
                    await target.WriteAsync(piece, aborted);
                }
            }

            await WriteEntryAsync(zip, "manifest.json", manifest, aborted);
            await WriteEntryAsync(zip, "manifest.signature.json", signature, aborted);
        }

        await body.FlushAsync(aborted);
    }

    private static async Task<byte[]> ReadAllAsync(Func<string, CancellationToken, IAsyncEnumerable<byte[]>> read, string path, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await foreach (var piece in read(path, cancellationToken).WithCancellation(cancellationToken))
        {
            buffer.Write(piece);
        }

        return buffer.ToArray();
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] content, CancellationToken cancellationToken)
    {
        await using var stream = await zip.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(cancellationToken);
        await stream.WriteAsync(content, cancellationToken);
    }

    /// <summary>Opens a request.</summary>
    /// <param name="Kind">access, portability, correction, restriction or erasure.</param>
    /// <param name="Identifier">The person's phone number, SIP URI, e-mail address or user id (hashed at once).</param>
    /// <param name="Reference">The tenant's ticket reference (no personal data).</param>
    public sealed record OpenRequest(DataSubjectRequestKind Kind, string Identifier, string? Reference = null);

    /// <summary>A reason or description (1–256 characters, no personal data).</summary>
    /// <param name="Text">The text.</param>
    public sealed record ReasonRequest(string Text);

    /// <summary>Carries a request out.</summary>
    /// <param name="Correction">For a correction: the corrected identifier and/or display name.</param>
    public sealed record RunRequest(ParticipantCorrection? Correction = null);
}
