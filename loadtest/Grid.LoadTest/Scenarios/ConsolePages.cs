using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Security;
using Grid.Security.Tokens;

namespace Grid.LoadTest.Scenarios;

/// <summary>
/// The web console with a large tenant (<c>--console-pages N</c>): one silo hosting the customer API and the console
/// on loopback (Azurite, development sign-in), N sealed recordings seeded through the call grains (1 in 100 with the
/// participant searched for), then one signed-in client fetching each page in sequence, as a browser does: the
/// recordings list, a participant search, a recording page (summary, audited metadata read, holds). Times are whole
/// HTTP round trips on this machine, server rendering included.
/// </summary>
public static partial class ConsolePages
{
    private const string Participant = "+44 20 7946 0555";
    private const int Samples = 30;

    public static async Task<int> RunAsync(LoadTestArguments settings, string runId)
    {
        await using var silo = await ApiSilo.StartAsync("console-load", console: true);
        var address = silo.Address;
        var grains = silo.Grains;
        var issuer = silo.Issuer;
        var tenantId = await silo.ProvisionAsync("console", "Console load");
        Console.WriteLine($"seeding {settings.ConsoleRecordings:N0} recordings in tenant {tenantId} ...");
        var seeding = Stopwatch.StartNew();
        var (wanted, seeded) = await SeedAsync(grains, issuer, tenantId, settings.ConsoleRecordings);
        seeding.Stop();
        Console.WriteLine($"  seeded {seeded:N0} in {seeding.Elapsed.TotalSeconds:N0} s");

        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        await SignInAsync(http, tenantId);
        var list = await TimeAsync(() => http.GetAsync("console/recordings"), body => Rows(body) == 25);
        var searchToken = Antiforgery(await http.GetStringAsync("console/recordings"));
        var search = await TimeAsync(
            () => http.PostAsync("console/recordings", new FormUrlEncodedContent(new Dictionary<string, string> { ["participant"] = "0044 20 7946 0555", ["__RequestVerificationToken"] = searchToken })),
            body => Rows(body) == Math.Min(25, seeded / 100));
        var recording = await TimeAsync(() => http.GetAsync($"console/recordings/{wanted}"), body => body.Contains("<audio", StringComparison.Ordinal));

        var report = new Dictionary<string, object?>
        {
            ["runId"] = runId,
            ["cores"] = Environment.ProcessorCount,
            ["recordings"] = seeded,
            ["seedingSeconds"] = Math.Round(seeding.Elapsed.TotalSeconds, 1),
            ["recordingsPage"] = list,
            ["participantSearch"] = search,
            ["recordingPage"] = recording,
        };
        Directory.CreateDirectory(settings.OutputDirectory);
        var path = Path.Combine(settings.OutputDirectory, $"console-{runId}");
        await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Console pages with {seeded:N0} recordings in the tenant ({runId})")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores; silo, Azurite and client on this machine; {Samples} requests each, in sequence, after sign-in; whole HTTP round trips.")
            .AppendLine()
            .AppendLine("| page | p50 | p95 | max | right content |")
            .AppendLine("|---|---:|---:|---:|---|");
        foreach (var (name, t) in new[] { ("recordings (first page of 25)", list), ("participant search (blind index)", search), ("recording (summary, metadata, holds)", recording) })
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {t.P50Ms:N0} ms | {t.P95Ms:N0} ms | {t.MaxMs:N0} ms | {(t.AllRight ? "yes" : "NO")} |");
        }

        await File.WriteAllTextAsync(path + ".md", markdown.ToString());
        Console.WriteLine(markdown);
        return list.AllRight && search.AllRight && recording.AllRight ? 0 : 1;
    }

    /// <summary>Page timings of <see cref="Samples"/> requests.</summary>
    public sealed record PageTimes(double P50Ms, double P95Ms, double MaxMs, bool AllRight);

    private static async Task<(string Wanted, int Seeded)> SeedAsync(IGrainFactory grains, GridTokenIssuer issuer, string tenantId, int count)
    {
        var media = new byte[1600];
        string wanted = "";
        var seeded = 0;
        var retries = 0;
        var token = issuer.Issue(tenantId, "seeder", [GridRoles.Recorder]);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            if (token.ExpiresAt - DateTimeOffset.UtcNow < TimeSpan.FromMinutes(2))
            {
                token = issuer.Issue(tenantId, "seeder", [GridRoles.Recorder]);
            }

            var callId = $"seed-{i:D6}";
            var participant = i % 100 == 0 ? Participant : $"+44 20 7946 {i % 10_000:D4}";
            // Start, append and end are idempotent: a step the emulator timed out is simply made again (an append
            // retried after the end went through finds the call sealed, which is what was wanted).
            var call = grains.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
            var metadata = new CallMetadata
            {
                Direction = CallDirection.Inbound,
                MediaType = "audio/wav",
                Participants = [new Participant("customer", participant, null), new Participant("agent", "sip:agent@example.test", null)],
            };
            await RetryAsync(() => call.StartAsync(metadata), token.Value, () => Interlocked.Increment(ref retries));
            await RetryAsync(() => call.AppendAsync(0, media), token.Value, () => Interlocked.Increment(ref retries));
            await RetryAsync(() => call.EndAsync(), token.Value, () => Interlocked.Increment(ref retries));

            if (i % 100 == 0)
            {
                wanted = callId;
            }

            if (Interlocked.Increment(ref seeded) % 1000 == 0)
            {
                Console.WriteLine($"  {seeded:N0} ({retries} attempts retried)");
            }
        });
        return (wanted, seeded);
    }

    private static async Task RetryAsync(Func<Task> step, string token, Action retried)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using (GridCredentials.Use(token))
                {
                    await step();
                }

                return;
            }
            catch (Grid.Errors.CallStateException e) when (attempt > 1 && e.Code == Grid.Errors.GridErrorCode.CallSealed)
            {
                return;
            }
            catch (Exception e) when (attempt < 6 && e is Grid.Errors.StorageUnavailableException or TimeoutException)
            {
                retried();
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    private static async Task SignInAsync(HttpClient http, string tenantId)
    {
        var token = Antiforgery(await http.GetStringAsync("console/sign-in"));
        using var response = await http.PostAsync("console/sign-in?handler=Development", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["tenant"] = tenantId,
            ["subject"] = "load-analyst",
            ["roles"] = GridRoles.Analyst,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.RequestMessage?.RequestUri?.AbsolutePath != "/console/recordings")
        {
            throw new InvalidOperationException("Development sign-in did not reach the recordings page.");
        }
    }

    private static async Task<PageTimes> TimeAsync(Func<Task<HttpResponseMessage>> request, Func<string, bool> right)
    {
        var times = new List<double>();
        var allRight = true;
        for (var i = 0; i < Samples + 3; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await request();
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            allRight &= response.IsSuccessStatusCode && right(body);
            if (i >= 3)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return new PageTimes(Math.Round(times[times.Count / 2], 1), Math.Round(times[(int)(times.Count * 0.95)], 1), Math.Round(times[^1], 1), allRight);
    }

    private static string Antiforgery(string page) => AntiforgeryField().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No anti-forgery token on the page.");

    private static int Rows(string page) => RecordingLink().Matches(page).Count;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<td><a href=\"/console/recordings/")]
    private static partial Regex RecordingLink();
}
