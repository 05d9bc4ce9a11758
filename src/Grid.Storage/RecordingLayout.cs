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

    public static int PartOf(long sequence, int segmentsPerPart) => checked((int)(sequence / segmentsPerPart));

    public static string HeaderBlockId { get; } = Encode(HeaderTag, 0);

    public static string FinalBlockId { get; } = Encode(FinalTag, 0);

    public static string DataBlockId(long sequence) => Encode(DataTag, sequence);

    /// <summary>Decodes a data block id back to its sequence number; false for the header and final blocks.</summary>
    public static bool TryParseDataBlockId(string blockId, out long sequence)
    {
        sequence = -1;
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(blockId));
            return text.Length == 16 && text.StartsWith(DataTag, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // Block ids of one blob must all have the same length: a one-letter tag and 15 digits, base64-encoded.
    private static string Encode(string tag, long value) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{tag}{value:D15}")));
}
