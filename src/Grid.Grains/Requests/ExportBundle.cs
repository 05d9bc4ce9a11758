using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Grid.Calls;
using Grid.Requests;

namespace Grid.Grains.Requests;

/// <summary>
/// The files of an export bundle (a data subject's access or portability request, a legal hold's case): per sealed
/// recording its media (as <see cref="PlaybackFile"/> serves it) and its decrypted metadata as JSON, produced the same way every
/// time so that hashes computed once hold for every download; and the manifest the processor signs. Content is read
/// through the call grains under whatever credential the calling grain carries (the Grid's own, or the legal-hold
/// role's), so the call grains' rules apply.
/// </summary>
public sealed class ExportBundle(IGrainFactory grains, string tenantId)
{
    /// <summary>The signed manifest and its signature are served as files of the bundle too.</summary>
    public const string ManifestPath = "manifest.json";

    public const string SignaturePath = "manifest.signature.json";

    private static readonly JsonSerializerOptions MetadataJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // A file for people to read, never embedded in HTML: '+' and non-ASCII letters stay as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The recording's two files with their SHA-256, computed by reading them once.</summary>
    public async Task<IReadOnlyList<ExportFile>> DescribeAsync(string callId)
    {
        var ext = PlaybackFile.For((await Call(callId).GetMetadataAsync()).MediaType, await Call(callId).GetSummaryAsync()).Extension;
        var files = new List<ExportFile>();
        foreach (var (path, json) in new[] { ($"recordings/{callId}.{ext}", false), ($"recordings/{callId}.json", true) })
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long bytes = 0;
            await foreach (var piece in FileAsync(path, CancellationToken.None))
            {
                sha.AppendData(piece);
                bytes += piece.Length;
            }

            files.Add(new ExportFile(path, Convert.ToHexStringLower(sha.GetHashAndReset()), bytes));
        }

        return files;
    }

    /// <summary>The bytes of one recording file of the bundle (<c>recordings/{call}.{ext}</c> or <c>.json</c>).</summary>
    public async IAsyncEnumerable<byte[]> FileAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = Call(path["recordings/".Length..path.LastIndexOf('.')]);
        var metadata = await call.GetMetadataAsync();
        if (path.EndsWith(".json", StringComparison.Ordinal))
        {
            yield return JsonSerializer.SerializeToUtf8Bytes(metadata, MetadataJson);
            yield break;
        }

        var summary = await call.GetSummaryAsync();
        var file = PlaybackFile.For(metadata.MediaType, summary);
        await foreach (var piece in file.ReadAllAsync(call.ReadMediaAsync(cancellationToken), cancellationToken))
        {
            yield return piece.ToArray();
        }
    }

    /// <summary>The call a bundle path belongs to.</summary>
    public static string CallOf(string path) => path["recordings/".Length..path.LastIndexOf('.')];

    /// <summary>The manifest: what the bundle is (<paramref name="subject"/>), its files with their SHA-256, what was withheld.</summary>
    public string ManifestBody(JsonObject subject, IEnumerable<ExportFile> files, IEnumerable<WithheldRecording> withheld, DateTimeOffset generatedAt)
    {
        var manifest = new JsonObject
        {
            ["version"] = 1,
            ["issuer"] = "Recording Grid (processor)",
            ["tenantId"] = tenantId,
        };
        foreach (var (key, value) in subject)
        {
            manifest[key] = value?.DeepClone();
        }

        manifest["generatedAt"] = generatedAt;
        manifest["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["sha256"] = f.Sha256, ["bytes"] = f.Bytes }).ToArray());
        manifest["withheld"] = new JsonArray(withheld.Select(w => (JsonNode)new JsonObject { ["callId"] = w.CallId, ["reason"] = w.Reason }).ToArray());
        return manifest.ToJsonString();
    }

    /// <summary>The manifest or its signature as a file.</summary>
    public static byte[] ManifestFile(string path, Grid.Retention.DeletionCertificate manifest) =>
        path == ManifestPath
            ? System.Text.Encoding.UTF8.GetBytes(manifest.Body)
            : JsonSerializer.SerializeToUtf8Bytes(new { algorithm = manifest.Algorithm, keyId = manifest.KeyId, signature = manifest.Signature });

    private ICallGrain Call(string callId) => grains.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
}
