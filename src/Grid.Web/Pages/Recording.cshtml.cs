using Grid.Calls;
using Grid.Retention;
using Microsoft.AspNetCore.Mvc;

namespace Grid.Web.Pages;

/// <summary>One recording: summary and metadata (the metadata read is audited), the player, and its legal holds.</summary>
public sealed class RecordingModel(ConsoleApi api) : ConsolePage(api)
{
    [FromRoute]
    public string CallId { get; set; } = "";

    public CallSummary? Summary { get; private set; }

    public CallMetadata? Metadata { get; private set; }

    public IReadOnlyList<LegalHold> Holds { get; private set; } = [];

    /// <summary>True when the person may read the recording's content (analyst, or legal hold for a held one).</summary>
    /// <summary>Where the player starts (seconds), from a click on the waveform (<c>?t=</c>).</summary>
    [FromQuery(Name = "t")]
    public double? At { get; set; }

    /// <summary>The waveform as inline SVG markup (built by <see cref="WaveformSvg"/>, which escapes every text).</summary>
    public string? Waveform { get; private set; }

    /// <summary>Why there is no waveform (media whose samples cannot be read, a refusal).</summary>
    public string? WaveformNote { get; private set; }

    /// <summary>The player's source: the media, from <see cref="At"/> when a point of the waveform was clicked.</summary>
    public string MediaSource => $"/console/recordings/{CallId}/media" + (At is >= 0 and < 86_400 * 7 ? "#t=" + WaveformSvg.FragmentTime(At.Value) : "");

    public bool MayListen => Person.Has(Grid.Security.GridRoles.Analyst) || Person.Has(Grid.Security.GridRoles.LegalHold);

    public Task OnGetAsync() => LoadAsync();

    public async Task OnPostHoldAsync(string? caseReference, string? legalBasis)
    {
        await PlaceHoldAsync(caseReference, legalBasis, CallId, "Hold placed for case {0}.");
        await LoadAsync();
    }

    public async Task OnPostReleaseAsync(string? holdId)
    {
        await ReleaseHoldAsync(holdId);
        await LoadAsync();
    }

    public async Task OnPostRedactAsync(long? fromMs, long? toMs, int? channel, string? reason)
    {
        var redaction = await Api.PostAsync<RecordingRedaction>(Person, $"recordings/{CallId}/redactions", new { fromMs = fromMs ?? -1, toMs = toMs ?? -1, channels = channel is { } c ? new[] { c } : null, reason }, HttpContext.RequestAborted);
        if (Accept(redaction))
        {
            Message = $"Redaction {redaction.Value!.RedactionId} requested; another person with the tenant-admin role must approve it.";
        }

        await LoadAsync();
    }

    public async Task OnPostApproveAsync(string? redactionId)
    {
        var outcome = await Api.PostAsync<RedactionOutcome>(Person, $"recordings/{CallId}/redactions/{Uri.EscapeDataString(redactionId ?? "")}/approve", null, HttpContext.RequestAborted);
        if (Accept(outcome))
        {
            Message = $"Redaction {redactionId} applied: version {outcome.Value!.Summary.Version} replaced the recording and the original was destroyed.";
        }

        await LoadAsync();
    }

    public async Task OnPostRejectAsync(string? redactionId)
    {
        var rejected = await Api.PostAsync<RecordingRedaction>(Person, $"recordings/{CallId}/redactions/{Uri.EscapeDataString(redactionId ?? "")}/reject", null, HttpContext.RequestAborted);
        if (Accept(rejected))
        {
            Message = $"Redaction {redactionId} rejected; nothing was changed.";
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (ForOperator)
        {
            return;
        }

        if (!GridIds.IsValidCallId(CallId))
        {
            Problem = "Not found: there is no such recording in your tenant.";
            return;
        }

        var summary = await Api.GetAsync<CallSummary>(Person, $"recordings/{CallId}", HttpContext.RequestAborted);
        if (!Accept(summary))
        {
            return;
        }

        Summary = summary.Value;
        if (MayListen)
        {
            // Content is read only by the roles that may (the read is audited); others see the summary alone.
            var metadata = await Api.GetAsync<CallMetadata>(Person, $"recordings/{CallId}/metadata", HttpContext.RequestAborted);
            Metadata = Accept(metadata) ? metadata.Value : null;
            if (Summary?.Status == CallStatus.Sealed && Metadata is not null)
            {
                // Drawn from the decrypted media by the API (a content access it audits); each second links back here
                // with ?t=, and the player then starts there (a media fragment): no script.
                var waveform = await Api.GetAsync<WaveformBody>(Person, $"recordings/{CallId}/waveform?format=json", HttpContext.RequestAborted);
                if (waveform.Ok)
                {
                    Waveform = WaveformSvg.Render(waveform.Value!.Waveform, waveform.Value.MediaGaps, $"Waveform of recording {CallId}", t => $"/console/recordings/{CallId}?t={WaveformSvg.FragmentTime(t)}#listen");
                }
                else
                {
                    WaveformNote = waveform.Explanation;
                }
            }
        }

        var holds = await Api.GetAsync<List<LegalHold>>(Person, "holds", HttpContext.RequestAborted);
        Holds = holds.Ok ? [.. holds.Value!.Where(h => h.CallId == CallId && h.ReleasedAt is null)] : [];
    }

    private sealed record WaveformBody(RecordingWaveform Waveform, List<MediaGapReport> MediaGaps);
}
