using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Grid.Crypto.Signing;
using Grid.Retention;
using Grid.Security;
using Grid.Security.Tokens;

namespace Grid.Silo.Demo;

/// <summary>
/// The demo's customer-API part, over real HTTP on the silo's port, as the README's curl examples do it: find a
/// person's recording through the blind index, fetch a byte range, answer the person's access request with a signed
/// bundle, and show another tenant refused.
/// </summary>
internal static class ApiDemo
{
    public static async Task<bool> RunAsync(Uri apiBase, GridTokenIssuer tokens, string tenantId, string callId, byte[] source, string person, string outputDir, string publicKeyPem)
    {
        using var http = new HttpClient { BaseAddress = apiBase, Timeout = TimeSpan.FromSeconds(60) };
        string Token(string role, string subject, string tenant = "") => tokens.Issue(tenant.Length == 0 ? tenantId : tenant, subject, [role]).Value;
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null, string? range = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (range is not null)
            {
                request.Headers.TryAddWithoutValidation("Range", range);
            }

            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            return await http.SendAsync(request);
        }

        var ok = true;
        var analyst = Token(GridRoles.Analyst, "demo-analyst");
        var written = "0044 (20) 7946-" + person[^4..];
        using (var found = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/search", analyst, new { participant = written }))
        {
            var ids = (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()).ToList();
            // Newest first: this run's call, then the same person's calls of earlier demo runs.
            var hit = ids.Count > 0 && ids[0] == callId;
            ok &= hit;
            Console.WriteLine($"  api search : participant written as \"{written}\" -> {ids.Count} recording(s), newest {(ids.Count > 0 ? ids[0] : "none")} {(hit ? "(blind index: keyed hashes only)" : "UNEXPECTED")}");
        }

        using (var picture = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/waveform", analyst))
        {
            // The waveform: drawn from the decrypted media (an audited content access), each second a link to the media.
            var svg = await picture.Content.ReadAsStringAsync();
            var document = picture.StatusCode == HttpStatusCode.OK ? System.Xml.Linq.XDocument.Parse(svg) : null;
            var bands = document?.Descendants().Count(e => e.Name.LocalName == "path" && (string?)e.Attribute("class") == "channel") ?? 0;
            var drawn = bands > 0 && document!.Descendants().Any(e => e.Name.LocalName == "a");
            ok &= drawn;
            var svgPath = Path.Combine(outputDir, $"waveform-{callId}.svg");
            await File.WriteAllTextAsync(svgPath, svg);
            Console.WriteLine($"  api wave   : GET .../waveform -> {(int)picture.StatusCode} {picture.Content.Headers.ContentType?.MediaType}, {bands} channel(s), seconds linked to media#t= -> {svgPath} {(drawn ? "" : "UNEXPECTED")}");
        }

        using (var partial = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/media", analyst, range: "bytes=0-43"))
        {
            var bytes = await partial.Content.ReadAsByteArrayAsync();
            var exact = partial.StatusCode == HttpStatusCode.PartialContent && bytes.AsSpan().SequenceEqual(source.AsSpan(0, 44));
            ok &= exact;
            Console.WriteLine($"  api range  : GET .../media Range: bytes=0-43 -> {(int)partial.StatusCode} {partial.Content.Headers.ContentRange}, {(exact ? "the source's WAV header" : "MISMATCH")}");
        }

        var officer = Token(GridRoles.PrivacyOfficer, "demo-privacy-officer");
        using var opened = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/requests", officer, new { kind = "access", identifier = "tel:" + person.Replace(" ", string.Empty, StringComparison.Ordinal), reference = "DEMO-1" });
        var requestId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString()!;
        (await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/requests/{requestId}/verify-identity", officer, new { text = "demo: verified by call-back" })).Dispose();
        using var run = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/requests/{requestId}/run", officer, new { });
        var deadline = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadline").GetDateTimeOffset();
        using var bundle = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/requests/{requestId}/bundle", officer);
        var zipBytes = await bundle.Content.ReadAsByteArrayAsync();
        var zipPath = Path.Combine(outputDir, requestId + ".zip");
        await File.WriteAllBytesAsync(zipPath, zipBytes);
        ok &= VerifyBundle(zipBytes, publicKeyPem, out var files);
        Console.WriteLine($"  api dsr    : access request {requestId} (deadline {deadline:yyyy-MM-dd}) -> {zipPath}: {files} files, manifest signature and SHA-256s {(ok ? "verified" : "NOT VERIFIED")}");

        // Capture completeness: the phone system's records of this call and of one that was not recorded.
        var admin = Token(GridRoles.TenantAdmin, "demo-admin");
        var now = DateTimeOffset.UtcNow;
        var records = $"startedAt,durationSeconds,line,parties,reference\n{now.AddSeconds(-5):O},4,desk-1,{person},\n{now.AddSeconds(-3):O},60,desk-2,+44 20 7946 0999,PBX-DEMO-2\n";
        using (var import = new HttpRequestMessage(HttpMethod.Post, $"v1/tenants/{tenantId}/completeness/expected") { Content = new StringContent(records, System.Text.Encoding.UTF8, "text/csv") })
        {
            import.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            (await http.SendAsync(import)).Dispose();
        }

        using (var report = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/completeness?from={Uri.EscapeDataString(now.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}", admin))
        {
            var total = (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total");
            var (expected, recorded, pending) = (total.GetProperty("expected").GetInt32(), total.GetProperty("recorded").GetInt32(), total.GetProperty("pending").GetInt32());
            var reconciled = report.IsSuccessStatusCode && expected == 2 && recorded == 1 && pending == 1;
            ok &= reconciled;
            Console.WriteLine($"  api complete: {expected} calls in the phone system's records -> {recorded} recorded, {pending} pending (missing unless recorded within 15 min) {(reconciled ? "" : "UNEXPECTED")}");
        }

        // Card data recorded anyway: 0.5-1.0 s silenced by two people; the original is destroyed, the certificate signed.
        using (var requested = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/{callId}/redactions", officer, new { fromMs = 500, toMs = 1_000, reason = "card-data" }))
        {
            var redactionId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redactionId").GetString()!;
            using var sameTwice = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/{callId}/redactions/{redactionId}/approve", Token(GridRoles.TenantAdmin, "demo-privacy-officer"));
            using var approved = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/{callId}/redactions/{redactionId}/approve", admin);
            var certificate = (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificate");
            var verified = ProcessorSigningKey.Verify(new DeletionCertificate
            {
                Body = certificate.GetProperty("body").GetString()!,
                Signature = certificate.GetProperty("signature").GetString()!,
                KeyId = certificate.GetProperty("keyId").GetString()!,
            }, publicKeyPem);
            using var silenced = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/media", analyst, range: "bytes=8044-16043");
            var zeros = (await silenced.Content.ReadAsByteArrayAsync()) is { Length: 8_000 } range && range.All(b => b == 0);
            var redacted = sameTwice.StatusCode == HttpStatusCode.Forbidden && approved.IsSuccessStatusCode && verified && zeros;
            ok &= redacted;
            Console.WriteLine($"  api redact : 0.5-1.0 s requested by the privacy officer, refused to the same person ({(int)sameTwice.StatusCode}), approved by another; silence there, original destroyed, certificate {(redacted ? "verified" : "NOT VERIFIED")}");
        }

        using var intruder = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/media", Token(GridRoles.Analyst, "intruder", "other-tenant"));
        var refused = intruder.StatusCode == HttpStatusCode.Forbidden;
        ok &= refused;
        Console.WriteLine($"  api refusal: another tenant's analyst -> {(int)intruder.StatusCode} {(await intruder.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()}");
        using (var record = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/record-of-processing?format=markdown", officer))
        {
            var document = await record.Content.ReadAsStringAsync();
            var recordPath = Path.Combine(outputDir, "record-of-processing.md");
            await File.WriteAllTextAsync(recordPath, document);
            var generated = record.IsSuccessStatusCode && document.StartsWith("# Record of processing", StringComparison.Ordinal) && !document.Contains(person, StringComparison.Ordinal);
            ok &= generated;
            Console.WriteLine($"  api record : record of processing and DPIA input from live configuration -> {recordPath} {(generated ? "" : "UNEXPECTED")}");
        }

        Console.WriteLine($"  api        : {apiBase}v1/reference (routes and roles), {apiBase}v1/openapi.json");
        return ok;
    }

    private static bool VerifyBundle(byte[] zipBytes, string publicKeyPem, out int files)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        byte[] Read(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var body = System.Text.Encoding.UTF8.GetString(Read("manifest.json"));
        using var signature = JsonDocument.Parse(Read("manifest.signature.json"));
        var signed = ProcessorSigningKey.Verify(new DeletionCertificate
        {
            Body = body,
            Signature = signature.RootElement.GetProperty("signature").GetString()!,
            KeyId = signature.RootElement.GetProperty("keyId").GetString()!,
        }, publicKeyPem);
        using var manifest = JsonDocument.Parse(body);
        var listed = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
        files = listed.Count;
        return signed && listed.Count > 0 && listed.All(f => Convert.ToHexStringLower(SHA256.HashData(Read(f.GetProperty("path").GetString()!))) == f.GetProperty("sha256").GetString());
    }
}
