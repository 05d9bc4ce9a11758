using Grid.Sip.Metadata;
using Grid.Sip.Sdp;
using Grid.Sip.Sip;

namespace Grid.Sip.Server;

/// <summary>
/// The body of an INVITE, re-INVITE or UPDATE read into SDP and recording metadata, or the refusal that says what was
/// wrong: no metadata in an initial INVITE is 415 (with Accept: multipart/mixed), a malformed multipart, SDP or metadata
/// part is 400 with the parser's reason.
/// </summary>
internal sealed record SessionOffer(SdpSession? Sdp, RecordingMetadata? Metadata)
{
    /// <summary>The reason phrase of a 415 to an INVITE without recording metadata.</summary>
    public const string MetadataRequired = "SIPREC recording metadata required";

    /// <summary>Reads <paramref name="request"/>'s body; an initial INVITE must carry both SDP and metadata.</summary>
    public static SessionOffer? Read(SipRequest request, bool initial, out SrsRefusal? refusal)
    {
        refusal = null;
        var contentType = request.ContentType;
        if (request.Body.IsEmpty)
        {
            if (initial)
            {
                refusal = NoMetadata();
                return null;
            }

            return new SessionOffer(null, null);
        }

        var mediaType = contentType?.Split(';')[0].Trim() ?? string.Empty;
        if (initial && !mediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            refusal = NoMetadata();
            return null;
        }

        SiprecBody body;
        try
        {
            body = SiprecBody.Parse(contentType, request.Body.Span);
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            refusal = new SrsRefusal(400, "Malformed body: " + ex.Message, "malformed-body");
            return null;
        }

        if (initial && (body.Sdp is null || body.MetadataXml is null))
        {
            refusal = NoMetadata();
            return null;
        }

        SdpSession? sdp = null;
        if (body.Sdp is not null)
        {
            try
            {
                sdp = SdpSession.Parse(body.Sdp);
            }
            catch (Exception ex) when (IsInputError(ex))
            {
                refusal = new SrsRefusal(400, "Malformed SDP: " + ex.Message, "malformed-sdp");
                return null;
            }
        }

        RecordingMetadata? metadata = null;
        if (body.MetadataXml is not null)
        {
            try
            {
                metadata = RecordingMetadataParser.Parse(body.MetadataXml);
            }
            catch (Exception ex) when (IsInputError(ex))
            {
                refusal = new SrsRefusal(400, "Malformed recording metadata: " + ex.Message, "malformed-metadata");
                return null;
            }
        }

        return new SessionOffer(sdp, metadata);
    }

    /// <summary>
    /// The typed errors of the body parsers (<see cref="SiprecBodyException"/>, <see cref="SdpFormatException"/>) and
    /// what a parser might let through on hostile input (XML, argument, format errors): all are the sender's fault, 400.
    /// </summary>
    private static bool IsInputError(Exception ex) =>
        ex is FormatException or System.Xml.XmlException or ArgumentException or InvalidOperationException or OverflowException;

    private static SrsRefusal NoMetadata() =>
        new(415, MetadataRequired, "no-metadata", [new(SipHeaderNames.Accept, "multipart/mixed")]);
}
