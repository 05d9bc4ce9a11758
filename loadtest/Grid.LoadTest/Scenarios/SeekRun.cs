using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Security;

namespace Grid.LoadTest.Scenarios;

/// <summary>
/// Seeking (<c>--seek [minutes]</c>): one silo hosting the customer API on loopback (Azurite), one G.711 stereo
/// recording of the given length (default 60 minutes, 1 s chunks of 16,000 bytes), then 1 KB <c>Range</c> requests at
/// 10 %, 50 % and 90 % of it over HTTP: time to first byte (p50, p95) and the bytes decrypted per request (frames the
/// silo fetched × their size, from <see cref="Grid.Grains.Calls.RecordingFiles.RangeFramesRead"/>). For comparison, one read from the
/// start to each offset, as every seek cost before the frame index.
/// </summary>
public static class SeekRun
{
    private const int ChunkBytes = 16_000;
    private const int WaveHeader = 58;
    private const int Samples = 30;

    public static async Task<int> RunAsync(LoadTestArguments settings, string runId)
    {
        var minutes = settings.SeekMinutes;
        await using var silo = await ApiSilo.StartAsync("seek");
        var address = silo.Address;
        var grains = silo.Grains;
        var issuer = silo.Issuer;
        var files = silo.Files;
        var tenantId = await silo.ProvisionAsync("seek", "Seek load");

        Console.WriteLine($"recording {minutes} min of G.711 stereo ({minutes * 60 * ChunkBytes / 1e6:N1} MB) ...");
        var callId = "seek-call";
        var call = grains.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var chunks = minutes * 60;
        var media = new byte[ChunkBytes];
        using (GridCredentials.Use(issuer.Issue(tenantId, "seek-recorder", [GridRoles.Recorder]).Value))
        {
            await call.StartAsync(new CallMetadata { Direction = CallDirection.Inbound, MediaType = "audio/PCMA;rate=8000;channels=2", Participants = [new Participant("customer", "+44 20 7946 0777", null)] });
            await Parallel.ForEachAsync(Enumerable.Range(0, chunks), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var chunk = new byte[ChunkBytes];
                Array.Fill(chunk, (byte)(i % 251));
                await call.AppendAsync(i, chunk);
            });
            await call.EndAsync();
        }

        var analyst = issuer.Issue(tenantId, "seek-analyst", [GridRoles.Analyst]).Value;
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
        var path = $"v1/tenants/{tenantId}/recordings/{callId}/media";
        var rows = new List<Dictionary<string, object>>();
        var allRight = true;
        foreach (var percent in new[] { 10, 50, 90 })
        {
            var chunk = chunks * percent / 100;
            var offset = (long)chunk * ChunkBytes + 100;
            var ttfb = new List<double>();
            long frames = 0;
            for (var i = 0; i < Samples + 3; i++)
            {
                var before = files.RangeFramesRead;
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", analyst);
                request.Headers.Range = new RangeHeaderValue(WaveHeader + offset, WaveHeader + offset + 1_023);
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                var first = new byte[1];
                await body.ReadExactlyAsync(first);
                var elapsed = watch.Elapsed.TotalMilliseconds;
                var rest = new MemoryStream();
                await body.CopyToAsync(rest);
                allRight &= (int)response.StatusCode == 206 && first[0] == (byte)(chunk % 251) && rest.Length == 1_023;
                if (i >= 3)
                {
                    ttfb.Add(elapsed);
                    frames += files.RangeFramesRead - before;
                }
            }

            // Before the frame index: every seek read and decrypted the recording from its start to the offset.
            var sequential = Stopwatch.StartNew();
            long read = 0;
            using (GridCredentials.Use(analyst))
            {
                await foreach (var piece in call.ReadMediaAsync())
                {
                    read += piece.Length;
                    if (read > offset + 1_024)
                    {
                        break;
                    }
                }
            }

            sequential.Stop();
            ttfb.Sort();
            rows.Add(new Dictionary<string, object>
            {
                ["percent"] = percent,
                ["offsetBytes"] = offset,
                ["ttfbP50Ms"] = Math.Round(ttfb[ttfb.Count / 2], 1),
                ["ttfbP95Ms"] = Math.Round(ttfb[(int)(ttfb.Count * 0.95)], 1),
                ["framesPerRequest"] = (double)frames / Samples,
                ["bytesDecryptedPerRequest"] = frames * ChunkBytes / Samples,
                ["fromStartMs"] = Math.Round(sequential.Elapsed.TotalMilliseconds, 0),
                ["fromStartBytesDecrypted"] = read,
            });
            Console.WriteLine($"  {percent,2} %: ttfb p50 {ttfb[ttfb.Count / 2]:N1} ms, {frames / (double)Samples:N1} frames ({frames * ChunkBytes / Samples:N0} B) decrypted per request; from the start: {read:N0} B in {sequential.Elapsed.TotalMilliseconds:N0} ms");
        }

        var report = new Dictionary<string, object?> { ["runId"] = runId, ["cores"] = Environment.ProcessorCount, ["minutes"] = minutes, ["chunkBytes"] = ChunkBytes, ["samples"] = Samples, ["seeks"] = rows, ["allRight"] = allRight };
        Directory.CreateDirectory(settings.OutputDirectory);
        var output = Path.Combine(settings.OutputDirectory, $"seek-{runId}");
        await File.WriteAllTextAsync(output + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Seeking in a {minutes}-minute G.711 stereo recording ({runId})")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores; silo with the API, Azurite and client on this machine; {Samples} 1 KB `Range` requests per offset over HTTP after 3 warm-up ones; time to first byte of the body.")
            .AppendLine()
            .AppendLine("| offset | TTFB p50 | TTFB p95 | bytes decrypted per request | read from the start (before) |")
            .AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"| {row["percent"]} % | {row["ttfbP50Ms"]} ms | {row["ttfbP95Ms"]} ms | {row["bytesDecryptedPerRequest"]:N0} B | {row["fromStartBytesDecrypted"]:N0} B in {row["fromStartMs"]} ms |");
        }

        markdown.AppendLine().AppendLine(allRight ? "Every response was 206 with the right bytes." : "SOME RESPONSES WERE WRONG.");
        await File.WriteAllTextAsync(output + ".md", markdown.ToString());
        Console.WriteLine(markdown);
        return allRight ? 0 : 1;
    }
}
