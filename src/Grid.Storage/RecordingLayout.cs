using System.Globalization;
using System.Text;

namespace Grid.Storage;

/// <summary>
/// How a recording is laid out in Blob storage. Container <c>rec-{tenantId}</c>; part blobs
/// <c>calls/{callId}/part-{n:D5}</c> (block blobs). Part 0 starts with the header block; chunk <c>s</c> lives in part
/// <c>s / SegmentsPerPart</c>; the final segment ends the last part. Reading the parts in order gives the
/// recording's bytes as specified in docs/recording-format.md.
/// </summary>
public static class RecordingLayout
{
    private const string HeaderTag = "h";
    private const string DataTag = "d";
    private const string FinalTag = "f";

    public static string ContainerName(string tenantId) => $"rec-{tenantId}";

    public static string CallPrefix(string callId) => $"calls/{callId}/";

    public static string PartBlobName(string callId, int part) =>
        string.Create(CultureInfo.InvariantCulture, $"calls/{callId}/part-{part:D5}");

    /// <summary>A whole RGRD file of a log recording: its replica copy, and a restored recording in the primary.</summary>
    public static string RecordingBlobName(string callId) => $"calls/{callId}/recording";

    public static int PartOf(long sequence, int segmentsPerPart) => checked((int)(sequence / segmentsPerPart));

    /// <summary>Length in bytes of the content tag carried in a data block id.</summary>
    public const int ContentTagLength = 12;

    public static string HeaderBlockId { get; } = Encode(HeaderTag, 0, new byte[ContentTagLength]);

    public static string FinalBlockId { get; } = Encode(FinalTag, 0, new byte[ContentTagLength]);

    /// <summary>
    /// The block id of a data chunk: its sequence number and a keyed tag of its content (a MAC under the
    /// recording's key, so it reveals nothing about the media), letting a reactivated grain tell an exact retry from
    /// a conflicting one.
    /// </summary>
    public static string DataBlockId(long sequence, ReadOnlySpan<byte> contentTag) => Encode(DataTag, sequence, contentTag);

    /// <summary>Decodes a data block id; false for the header and final blocks and for foreign ids.</summary>
    public static bool TryParseDataBlockId(string blockId, out long sequence, out byte[] contentTag)
    {
        sequence = -1;
        contentTag = [];
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(blockId));
            if (text.Length != 16 + (2 * ContentTagLength) || !text.StartsWith(DataTag, StringComparison.Ordinal)
                || !long.TryParse(text.AsSpan(1, 15), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
            {
                return false;
            }

            contentTag = Convert.FromHexString(text.AsSpan(16));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // Block ids of one blob must all have the same length: a one-letter tag, 15 digits and a 24-hex-digit content
    // tag (40 characters), base64-encoded.
    private static string Encode(string tag, long value, ReadOnlySpan<byte> contentTag)
    {
        if (contentTag.Length != ContentTagLength)
        {
            throw new ArgumentException($"A content tag is {ContentTagLength} bytes.", nameof(contentTag));
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{tag}{value:D15}{Convert.ToHexStringLower(contentTag)}");
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(text));
    }
}
