namespace Grid.Storage;

/// <summary>
/// Where one Azure Storage account is: a connection string (local Azurite, or a key-based account), or service URIs
/// used with the silo's Azure identity (production); and, optionally, its replica account.
/// </summary>
public class StorageAccountOptions
{
    /// <summary>The local emulator's well-known connection string.</summary>
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    /// <summary>Connection string; ignored when <see cref="BlobServiceUri"/> is set.</summary>
    public string? ConnectionString { get; set; }

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

    /// <summary>True when an account is named (a connection string or the blob endpoint).</summary>
    public bool IsSet => BlobServiceUri is not null || !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>True when this points at the local emulator (connection string mode with development storage or 127.0.0.1).</summary>
    public bool IsLocalEmulator =>
        BlobServiceUri is null && ConnectionString is { } cs
        && (cs.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || cs.Contains("127.0.0.1", StringComparison.Ordinal) || cs.Contains("localhost", StringComparison.OrdinalIgnoreCase));
}
