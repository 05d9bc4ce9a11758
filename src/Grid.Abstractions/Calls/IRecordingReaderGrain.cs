using Grid.Security;

namespace Grid.Calls;

/// <summary>
/// Plays a sealed recording outside its call grain (an activation per read, keyed <c>{tenantId}/{callId}/{readerId}</c>
/// by <see cref="GridIds.ReaderKey"/>, so as many activations as there are listeners): the call grain is asked once for the recording's header and state, the access
/// rules of playback decide, the data key is unwrapped (audited with the caller), then only the frames that hold the
/// range are read and decrypted. A long download never holds the call's activation; listeners do not queue.
/// </summary>
[Alias("Grid.Calls.IRecordingReaderGrain")]
public interface IRecordingReaderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Streams the stored media from byte <paramref name="from"/> to <paramref name="to"/> (exclusive), decrypted: a
    /// seek costs the frames of its range, whatever the offset. Same roles and audit as
    /// <see cref="ICallGrain.ReadMediaAsync"/>.
    /// </summary>
    /// <param name="from">First stored media byte.</param>
    /// <param name="to">End (exclusive); past the end of the media, the media's end.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The bytes of the range, in pieces.</returns>
    [Alias("ReadRange")]
    [GridAccess(GridRoles.Analyst, GridRoles.LegalHold)]
    IAsyncEnumerable<byte[]> ReadRangeAsync(long from, long to, CancellationToken cancellationToken = default);

    /// <summary>
    /// The recording's waveform: levels per channel and column on the player's timeline, computed from the decrypted
    /// media by the same frame reader as playback, and kept in the silo's memory per recording version (never
    /// stored). Asked of the recording's waveform reader (<c>GridIds.ReaderKey(tenant, call, "waveform")</c>). A content access: same roles and refusals as playback, and every call (from memory too) unwraps the
    /// data key for the purpose <c>waveform</c>, which the tenant's audit log records with the caller.
    /// </summary>
    /// <param name="mediaType">The recording's media type (from its metadata, which the caller has read).</param>
    /// <param name="columns">Columns per channel, 50 to 4,000.</param>
    /// <param name="cancellationToken">Stops the computation.</param>
    /// <returns>The waveform.</returns>
    /// <exception cref="Grid.Errors.MediaFormatUnsupportedException">The media's samples cannot be read here (Opus, a WAV file of floating-point samples, an unknown type).</exception>
    [Alias("GetWaveform")]
    [GridAccess(GridRoles.Analyst, GridRoles.LegalHold)]
    Task<RecordingWaveform> GetWaveformAsync(string mediaType, int columns, CancellationToken cancellationToken = default);
}

/// <summary>What a reader needs of a recording (no content).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.PlaybackInfo")]
public sealed record PlaybackInfo
{
    /// <summary>Life-cycle state.</summary>
    [Id(0)]
    public CallStatus Status { get; init; }

    /// <summary>The encoded header (wrapped data key only).</summary>
    [Id(1)]
    public byte[]? Header { get; init; }

    /// <summary>True when the recording is one RGRD blob (a redacted version or a restored copy).</summary>
    [Id(2)]
    public bool WholeFile { get; init; }

    /// <summary>True when its processing is restricted on a data subject's request.</summary>
    [Id(3)]
    public bool Restricted { get; init; }

    /// <summary>True when it is stored in layout v1 (refused).</summary>
    [Id(4)]
    public bool PredatesLog { get; init; }

    /// <summary>The recording's summary (length, pauses, version; no content).</summary>
    [Id(5)]
    public CallSummary? Summary { get; init; }
}
