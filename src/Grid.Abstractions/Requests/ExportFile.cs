namespace Grid.Requests;

/// <summary>One file of an export bundle, as listed in its signed manifest.</summary>
/// <param name="Path">Path inside the bundle, e.g. <c>recordings/call-1.wav</c>.</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="Bytes">The file's length.</param>
[GenerateSerializer, Immutable, Alias("Grid.Requests.ExportFile")]
public sealed record ExportFile([property: Id(0)] string Path, [property: Id(1)] string Sha256, [property: Id(2)] long Bytes);
