namespace Grid.Sip.Metadata;

/// <summary>
/// The body of a SIPREC INVITE, re-INVITE or UPDATE: <c>multipart/mixed</c> with an <c>application/sdp</c> part and a
/// recording-metadata part (<c>application/rs-metadata+xml</c> or <c>application/rs-metadata</c>), in either order;
/// or a lone SDP (a re-INVITE that only changes media) or lone metadata (an UPDATE).
/// </summary>
public sealed record SiprecBody(string? Sdp, string? MetadataXml)
{
    /// <summary>Splits a body by its Content-Type; throws <see cref="SiprecBodyException"/> (a 400 / 415 cause) when malformed.</summary>
    public static SiprecBody Parse(string? contentType, ReadOnlySpan<byte> body) => throw new NotImplementedException();
}

/// <summary>A body the server cannot use, with what is wrong.</summary>
public sealed class SiprecBodyException(string message) : FormatException(message);

/// <summary>Parses recording metadata XML of any dialect the server accepts.</summary>
public static class RecordingMetadataParser
{
    /// <summary>Parses <paramref name="xml"/> (no DTDs, no external entities, bounded size); throws <see cref="SiprecBodyException"/> when it is not usable metadata.</summary>
    public static RecordingMetadata Parse(string xml) => throw new NotImplementedException();

    /// <summary>Applies a partial update to <paramref name="current"/> (participants added/removed, associations changed); a complete one replaces it.</summary>
    public static RecordingMetadata Merge(RecordingMetadata current, RecordingMetadata update) => throw new NotImplementedException();
}
