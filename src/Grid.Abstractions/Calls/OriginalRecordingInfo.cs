using Grid.Keys;

namespace Grid.Calls;

/// <summary>
/// What a customer needs beside the encrypted original (an RGRD file, <c>docs/recording-format.md</c>) to decrypt it
/// with its own key: the format version and the key-encryption key version that wraps the recording's data key (the
/// wrapped data key itself is in the file's header).
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.OriginalRecordingInfo")]
public sealed record OriginalRecordingInfo
{
    /// <summary>RGRD format version of the header.</summary>
    [Id(0)]
    public byte FormatVersion { get; init; }

    /// <summary>The tenant key (custody, key id, version) that wraps the data key.</summary>
    [Id(1)]
    public required KeyReference Key { get; init; }

    /// <summary>The wrapping algorithm, e.g. <c>RSA-OAEP-256</c> or <c>A256GCM</c>.</summary>
    [Id(2)]
    public required string WrapAlgorithm { get; init; }
}
