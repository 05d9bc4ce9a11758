using Grid.Calls;
using Grid.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Grid.Api;

/// <summary>Search, summary, metadata, playback (with Range), the encrypted original, erasure on request.</summary>
internal static class RecordingEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        var recordings = tenant.MapGroup("/recordings").WithTags("recordings");
        GridApiEndpoints.Describe(recordings.MapPost("/search", (string tenantId, RecordingSearchRequest search, IGrainFactory grains, HttpContext http) =>
            grains.GetGrain<IRecordingCatalogGrain>(GridApiEndpoints.Tenant(tenantId)).SearchAsync(search.ToQuery(), http.RequestAborted)),
            "Search recordings: time, direction, status, duration, category, tags, participant (blind index); newest first, paged", GridOperation.Of<IRecordingCatalogGrain>(nameof(IRecordingCatalogGrain.SearchAsync)));
        GridApiEndpoints.Describe(recordings.MapGet("/{callId}", async (string tenantId, string callId, IGrainFactory grains, HttpContext http) =>
            GridApiEndpoints.RequireExisting(await Call(grains, tenantId, callId).GetSummaryAsync(http.RequestAborted))),
            "A recording's summary (ids, status, times, sizes; no personal data)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.GetSummaryAsync)));
        GridApiEndpoints.Describe(recordings.MapGet("/{callId}/metadata", (string tenantId, string callId, IGrainFactory grains, HttpContext http) =>
            Call(grains, tenantId, callId).GetMetadataAsync(http.RequestAborted)),
            "A recording's metadata, decrypted (audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.GetMetadataAsync)));
        GridApiEndpoints.Describe(recordings.MapPost("/{callId}/pause", (string tenantId, string callId, PauseCallRequest body, IGrainFactory grains, HttpContext http) =>
            Call(grains, tenantId, callId).PauseAsync(new PauseRequest(PauseRequest.Next, body.Reason, "api"), http.RequestAborted)),
            "Pause a live recording (secure pause, e.g. card data): media after the last chunk received is dropped on receipt until resumed (audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.PauseAsync)));
        GridApiEndpoints.Describe(recordings.MapPost("/{callId}/retention", (string tenantId, string callId, ExtendRetentionRequest body, IGrainFactory grains, HttpContext http) =>
            Call(grains, tenantId, callId).ExtendRetentionAsync(body.RetainUntil, http.RequestAborted)),
            "Extend a sealed recording's retention (never shortened; a WORM tenant's write-once policy is extended too; audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.ExtendRetentionAsync)));
        GridApiEndpoints.Describe(recordings.MapPost("/{callId}/resume", (string tenantId, string callId, IGrainFactory grains, HttpContext http) =>
            Call(grains, tenantId, callId).ResumeAsync(PauseRequest.Next, http.RequestAborted)),
            "Resume a paused recording (audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.ResumeAsync)));
        GridApiEndpoints.Describe(recordings.MapPost("/{callId}/redactions", async (string tenantId, string callId, RedactionRequest body, IGrainFactory grains, HttpContext http) =>
            Results.Created($"/v1/tenants/{tenantId}/recordings/{callId}/redactions", await Call(grains, tenantId, callId).RequestRedactionAsync(body, http.RequestAborted))),
            "Request a redaction of a sealed recording (a range replaced by silence; a different tenant admin approves; audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.RequestRedactionAsync)));
        GridApiEndpoints.Describe(recordings.MapPost("/{callId}/redactions/{redactionId}/approve", (string tenantId, string callId, string redactionId, IGrainFactory grains, HttpContext http) =>
            Call(grains, tenantId, callId).ApproveRedactionAsync(redactionId, http.RequestAborted)),
            "Approve and apply a redaction (two-person rule): a new version replaces the recording, the original is destroyed; returns the signed certificate", GridOperation.Of<ICallGrain>(nameof(ICallGrain.ApproveRedactionAsync)));
        GridApiEndpoints.Describe(recordings.MapPost("/{callId}/redactions/{redactionId}/reject", (string tenantId, string callId, string redactionId, IGrainFactory grains, HttpContext http) =>
            Call(grains, tenantId, callId).RejectRedactionAsync(redactionId, http.RequestAborted)),
            "Reject (or withdraw) a pending redaction (audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.RejectRedactionAsync)));
        GridApiEndpoints.Describe(recordings.MapGet("/{callId}/redactions/{redactionId}/certificate", (string tenantId, string callId, string redactionId, IGrainFactory grains, HttpContext http) =>
            Call(grains, tenantId, callId).GetRedactionCertificateAsync(redactionId, http.RequestAborted)),
            "The signed certificate of an applied redaction", GridOperation.Of<ICallGrain>(nameof(ICallGrain.GetRedactionCertificateAsync)));
        GridApiEndpoints.Describe(recordings.MapGet("/{callId}/media", PlayAsync),
            "The media, decrypted on the fly; HTTP Range for seeking, which reads only the frames of the range (audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.GetMetadataAsync)).And<IRecordingReaderGrain>(nameof(IRecordingReaderGrain.ReadRangeAsync)));
        GridApiEndpoints.Describe(recordings.MapGet("/{callId}/waveform", WaveformAsync),
            "The waveform per channel as SVG (?columns=50..4000, default 800; &format=json for the levels): pauses, holds and media gaps marked, each second a link to the media at that time (#t=); audited as a content access", GridOperation.Of<ICallGrain>(nameof(ICallGrain.GetMetadataAsync)).And<IRecordingReaderGrain>(nameof(IRecordingReaderGrain.GetWaveformAsync)));
        GridApiEndpoints.Describe(recordings.MapGet("/{callId}/original", OriginalAsync),
            "The encrypted original (RGRD, docs/recording-format.md) with its format and key version (audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.DescribeOriginalAsync), nameof(ICallGrain.ReadOriginalAsync)));
        GridApiEndpoints.Describe(recordings.MapDelete("/{callId}/restriction", async (string tenantId, string callId, IGrainFactory grains, HttpContext http) =>
            Results.Ok(new { lifted = await Call(grains, tenantId, callId).LiftRestrictionAsync(http.RequestAborted) })),
            "Lift a restriction placed on a data subject's request (audited)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.LiftRestrictionAsync)));
        GridApiEndpoints.Describe(recordings.MapDelete("/{callId}", EraseAsync),
            "Delete a recording on the tenant's request (erasure; refused while under a legal hold)", GridOperation.Of<ICallGrain>(nameof(ICallGrain.RequestDeletionAsync)));
    }

    private static ICallGrain Call(IGrainFactory grains, string tenantId, string callId) =>
        grains.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));

    private static async Task<IResult> EraseAsync(string tenantId, string callId, IGrainFactory grains, HttpContext http)
    {
        // One grain call: the deletion's own gate decides (a status read first would be audited even when refused).
        var after = await Call(grains, tenantId, callId).RequestDeletionAsync(http.RequestAborted);
        if (after.Status == CallStatus.Deleted)
        {
            return Results.Ok(after);
        }

        await ApiProblem.WriteAsync(http, 409, "recording-on-hold", "The recording is under a legal hold and was not deleted; the hold must be released first.");
        return Results.Empty;
    }

    /// <summary>
    /// Streams the decrypted media. The authorization (metadata call: content roles, holds, tenant state) and the
    /// first chunk come before the status line, so a refusal is a clean problem response; the body then starts with
    /// the first chunk, before the rest is read.
    /// </summary>
    private static async Task PlayAsync(string tenantId, string callId, IGrainFactory grains, HttpContext http)
    {
        var call = Call(grains, tenantId, callId);
        var aborted = http.RequestAborted;
        var metadata = await call.GetMetadataAsync(aborted);
        var summary = GridApiEndpoints.RequireExisting(await call.GetSummaryAsync(aborted));
        if (summary.Status != CallStatus.Sealed)
        {
            throw new CallStateException(GridErrorCode.CallNotSealed, "The recording is still being recorded; play it once it is sealed.");
        }

        // Raw G.711 and L16 are served as a WAV file (header, then the media with each pause's silence), so the
        // console's player and any media player play them true to the call's timeline; ranges are ranges of that file.
        var file = PlaybackFile.For(metadata.MediaType, summary);
        var total = file.Length;
        var outcome = MediaRange.Parse(http.Request.Headers.Range, total, out var range);
        http.Response.Headers.AcceptRanges = "bytes";
        if (outcome == MediaRange.Outcome.Unsatisfiable)
        {
            http.Response.Headers.ContentRange = $"bytes */{total}";
            await ApiProblem.WriteAsync(http, 416, "range-not-satisfiable", $"The range is malformed or outside the media's {total} bytes.");
            return;
        }

        // A seek reads only the stored bytes the range needs (the frames that hold them), whatever the offset.
        var (mediaFrom, mediaTo) = file.StoredSpan(range.Start, range.End);
        // Read outside the call grain (an activation per read): long downloads and many listeners do not queue on the call.
        await using var chunks = grains.GetGrain<IRecordingReaderGrain>(GridIds.ReaderKey(GridApiEndpoints.Tenant(tenantId), callId)).ReadRangeAsync(mediaFrom, mediaTo, aborted).GetAsyncEnumerator(aborted);
        var more = await chunks.MoveNextAsync();
        http.Response.StatusCode = outcome == MediaRange.Outcome.Partial ? 206 : 200;
        http.Response.ContentType = file.ContentType;
        http.Response.ContentLength = total == 0 ? 0 : range.Length;
        http.Response.Headers.CacheControl = "no-store";
        if (outcome == MediaRange.Outcome.Partial)
        {
            http.Response.Headers.ContentRange = $"bytes {range.Start}-{range.End}/{total}";
        }

        if (total == 0)
        {
            return;
        }

        long written = 0;
        await foreach (var piece in file.ReadAsync(Continue(chunks, more), mediaFrom, range.Start, range.End, aborted))
        {
            await http.Response.Body.WriteAsync(piece, aborted);
            written += piece.Length;
        }

        if (written < range.Length)
        {
            throw new RecordingCorruptException("The stored recording is shorter than its summary says.");
        }
    }

    /// <summary>
    /// The waveform: the metadata read (content roles, audited) gives the media type; the reader grain computes the
    /// levels from the decrypted media (or its silo's memory) and audits the content access.
    /// </summary>
    private static async Task<IResult> WaveformAsync(string tenantId, string callId, int? columns, string? format, IGrainFactory grains, HttpContext http)
    {
        if (format is not (null or "svg" or "json"))
        {
            throw new GridValidationException("format is svg (default) or json.");
        }

        var call = Call(grains, tenantId, callId);
        var aborted = http.RequestAborted;
        var metadata = await call.GetMetadataAsync(aborted);
        var summary = GridApiEndpoints.RequireExisting(await call.GetSummaryAsync(aborted));
        if (summary.Status != CallStatus.Sealed)
        {
            throw new CallStateException(GridErrorCode.CallNotSealed, "The recording is still being recorded; its waveform is drawn once it is sealed.");
        }

        // One reader per recording for its waveform: repeat requests reach the silo that keeps it in memory.
        var waveform = await grains.GetGrain<IRecordingReaderGrain>(GridIds.ReaderKey(GridApiEndpoints.Tenant(tenantId), callId, "waveform")).GetWaveformAsync(metadata.MediaType, columns ?? 800, aborted);
        http.Response.Headers.CacheControl = "no-store";
        if (format == "json")
        {
            return Results.Ok(new WaveformResponse(waveform, summary.MediaGaps));
        }

        // Links are relative to this document's address: .../recordings/{call}/media#t=12.5 plays from there.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        return Results.Text(WaveformSvg.Render(waveform, summary.MediaGaps, $"Waveform of recording {callId}", t => "media#t=" + WaveformSvg.FragmentTime(t)), "image/svg+xml");
    }

    /// <summary>The rest of an enumeration whose first step was taken (to authorize before the status line).</summary>
    private static async IAsyncEnumerable<byte[]> Continue(IAsyncEnumerator<byte[]> chunks, bool more)
    {
        while (more)
        {
            yield return chunks.Current;
            more = await chunks.MoveNextAsync();
        }
    }

    private static async Task OriginalAsync(string tenantId, string callId, IGrainFactory grains, HttpContext http)
    {
        var call = Call(grains, tenantId, callId);
        var aborted = http.RequestAborted;
        var info = await call.DescribeOriginalAsync(aborted);
        await using var pieces = call.ReadOriginalAsync(aborted).GetAsyncEnumerator(aborted);
        var more = await pieces.MoveNextAsync();
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/vnd.grid.rgrd";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = callId + ".rgrd" }.ToString();
        http.Response.Headers["Grid-Format-Version"] = info.FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["Grid-Key-Custody"] = info.Key.Custody.ToString();
        http.Response.Headers["Grid-Key-Id"] = info.Key.KeyId;
        http.Response.Headers["Grid-Key-Version"] = info.Key.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["Grid-Key-Wrap-Algorithm"] = info.WrapAlgorithm;
        http.Response.Headers["Grid-Format-Reference"] = "docs/recording-format.md";
        while (more)
        {
            await http.Response.Body.WriteAsync(pieces.Current, aborted);
            more = await pieces.MoveNextAsync();
        }
    }
}
