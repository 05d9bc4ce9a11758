using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Grid.Calls;
using Grid.Crypto.Format;
using Grid.Errors;
using Grid.Keys;
using Grid.Security;
using Grid.Security.Calls;
using Orleans.Placement;

namespace Grid.Grains.Calls;

/// <summary>
/// Playback outside the call grain (<see cref="IRecordingReaderGrain"/>): one activation per read (keyed
/// <c>{tenant}/{call}/{reader}</c>), so many listeners of one recording read in parallel, on any silo, and none holds
/// the call's activation; the call grain is asked once per read. Not a stateless worker: a streamed read's enumerator
/// lives in the activation that started it, and a stateless worker's next page could reach another activation. Placed
/// on the silo that asks when it is one (pages take no extra hop). A streamed read's activation goes as soon as the
/// read ends; waveforms are asked of one reader per recording (<c>{tenant}/{call}/waveform</c>), so repeat requests
/// reach the silo that keeps the waveform in memory.
/// </summary>
[PreferLocalPlacement]
public sealed class RecordingReaderGrain(RecordingFiles files, Waveforms waveforms) : Grain, IRecordingReaderGrain
{
    private const int MinColumns = 50;
    private const int MaxColumns = 4_000;

    private (string TenantId, string CallId) Ids => field == default ? (field = GridIds.ParseReaderKey(this.GetPrimaryKeyString())) : field;

    private string CallKey => GridIds.CallKey(Ids.TenantId, Ids.CallId);

    /// <summary>The verified caller is captured when the enumeration starts (later pages run in other calls).</summary>
    public IAsyncEnumerable<byte[]> ReadRangeAsync(long from, long to, CancellationToken cancellationToken = default) =>
        ReadRangeAsync(GridCaller.Principal, from, to, cancellationToken);

    public async Task<RecordingWaveform> GetWaveformAsync(string mediaType, int columns, CancellationToken cancellationToken = default)
    {
        var principal = GridCaller.Principal;
        var (tenantId, callId) = Ids;
        if (columns is < MinColumns or > MaxColumns)
        {
            throw new GridValidationException($"A waveform has {MinColumns} to {MaxColumns} columns; {columns} were asked for.");
        }

        if (string.IsNullOrWhiteSpace(mediaType) || mediaType.Length > 200)
        {
            throw new GridValidationException("A waveform needs the recording's media type (from its metadata).");
        }

        var (info, state, cipher) = await OpenAsync(principal, "waveform", cancellationToken, summary => Waveforms.RequireReadable(mediaType, PlaybackFile.For(mediaType, summary)));
        using (cipher)
        {
            var summary = info.Summary!;
            var file = PlaybackFile.For(mediaType, summary);
            var key = $"{tenantId}/{callId}/{Convert.ToHexString(SHA256.HashData(info.Header!))}/{mediaType}/{columns}";
            if (waveforms.Find(key) is { } known)
            {
                return known;
            }

            var pauses = PausesOf(file, summary);
            var body = file.ReadAsync(files.ReadRangeAsync(tenantId, callId, state, cipher, 0, file.MediaBytes, cancellationToken), 0, file.Header.Length, file.Length - 1, cancellationToken);
            var waveform = await Waveforms.ComputeAsync(mediaType, file, body, columns, pauses, summary.Version, cancellationToken);
            waveforms.Keep(key, waveform);
            return waveform;
        }
    }

    /// <summary>The pauses on the player's timeline: each pause's silence, at its place in the file.</summary>
    private static List<WaveformSpan> PausesOf(PlaybackFile file, CallSummary summary)
    {
        if (file.BytesPerSecond == 0)
        {
            return [];
        }

        var spans = new List<WaveformSpan>();
        // The pauses PlaybackFile.For turned into silence, in the same order.
        var placed = summary.Pauses
            .Where(p => p.MediaByteOffset is { } offset && offset >= 0 && offset <= file.MediaBytes && ((p.ResumedAt ?? summary.SealedAt) ?? p.PausedAt) > p.PausedAt)
            .OrderBy(p => p.MediaByteOffset)
            .ToList();
        long inserted = 0;
        for (var i = 0; i < file.Silences.Count && i < placed.Count; i++)
        {
            var (offset, bytes) = file.Silences[i];
            var from = (offset + inserted) * 1000 / file.BytesPerSecond;
            var to = (offset + inserted + bytes) * 1000 / file.BytesPerSecond;
            inserted += bytes;
            var reason = placed[i].Reason;
            spans.Add(new WaveformSpan(from, to, reason == "siprec-inactive" || reason.Contains("hold", StringComparison.Ordinal) ? "hold" : "pause", reason));
        }

        return spans;
    }

    /// <summary>
    /// Asks the call grain for the recording's state, decides access for <paramref name="principal"/>, and unwraps the
    /// data key for <paramref name="purpose"/> (audited with the caller).
    /// </summary>
    private async Task<(PlaybackInfo Info, CallState State, RecordingCipher Cipher)> OpenAsync(GridPrincipal? principal, string purpose, CancellationToken cancellationToken, Action<CallSummary>? check = null)
    {
        var (tenantId, callId) = Ids;
        var info = await GrainFactory.GetGrain<ICallGrain>(CallKey).GetPlaybackInfoAsync(cancellationToken);
        var decision = await ContentAccess.AuthorizeAsync(GrainFactory, principal, info.Status != CallStatus.None, tenantId, callId, purpose, info.Restricted);
        if (decision.Refusal is { } refusal)
        {
            throw refusal;
        }

        var state = new CallState { Status = info.Status, Header = info.Header, WholeFile = info.WholeFile };
        new CallLifecycle(state).RequireSealed();
        if (info.PredatesLog)
        {
            throw new RecordingLayoutUnsupportedException("The recording is stored in layout v1 (before the recording log), which this release does not read; it can be deleted.");
        }

        check?.Invoke(info.Summary!);
        var header = RecordingHeader.Decode(info.Header).Header;
        var dataKey = await GrainFactory.GetGrain<ITenantKeyGrain>(tenantId).UnwrapAsync(callId, header.Envelope, new KeyUse(decision.Purpose, principal?.Subject ?? GridCaller.AuditName), cancellationToken);
        try
        {
            return (info, state, RecordingCipher.Open(header, dataKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private async IAsyncEnumerable<byte[]> ReadRangeAsync(GridPrincipal? principal, long from, long to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (tenantId, callId) = Ids;
        if (from < 0 || to < from)
        {
            throw new GridValidationException("A media range starts at 0 or later and ends at or after its start.");
        }

        try
        {
            var (_, state, cipher) = await OpenAsync(principal, "playback", cancellationToken);
            using (cipher)
            {
                await foreach (var piece in files.ReadRangeAsync(tenantId, callId, state, cipher, from, to, cancellationToken))
                {
                    yield return piece;
                }
            }
        }
        finally
        {
            // One read per activation: it goes when the read ends (or is abandoned).
            DeactivateOnIdle();
        }
    }
}
