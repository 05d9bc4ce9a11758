namespace Grid.Storage;

/// <summary>
/// Where the Grid's Azure Storage account is. Either a connection string (local Azurite, or a key-based account),
/// or service URIs used with the silo's Azure identity (production).
/// </summary>
public sealed class GridStorageOptions
{
    /// <summary>The local emulator's well-known connection string.</summary>
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    /// <summary>Connection string; ignored when <see cref="BlobServiceUri"/> is set.</summary>
    public string? ConnectionString { get; set; } = DevelopmentConnectionString;

    /// <summary>Blob endpoint for identity-based access, e.g. https://account.blob.core.windows.net.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Table endpoint for identity-based access.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Queue endpoint for identity-based access.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>
    /// Connection string of a second storage account holding an encrypted replica of sealed recordings (geo-redundant
    /// storage in production; a second Azurite locally). Unset: no replica.
    /// </summary>
    public string? ReplicaConnectionString { get; set; }

    /// <summary>Blob endpoint of the replica account for identity-based access (production).</summary>
    public Uri? ReplicaBlobServiceUri { get; set; }

    /// <summary>Chunks per part blob of a recording written before the log (legacy layout; read and delete only).</summary>
    public int SegmentsPerPart { get; set; } = 40_000;

    /// <summary>The group-commit log recordings are written to (<c>Grid:Storage:Log</c>).</summary>
    public Log.RecordingLogOptions Log { get; set; } = new();

    /// <summary>Per-attempt network timeout of a storage request.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed storage request inside the storage client.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>True when this points at the local emulator (connection string mode with development storage or 127.0.0.1).</summary>
    public bool IsLocalEmulator =>
        BlobServiceUri is null && ConnectionString is { } cs
        && (cs.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || cs.Contains("127.0.0.1", StringComparison.Ordinal) || cs.Contains("localhost", StringComparison.OrdinalIgnoreCase));
}
