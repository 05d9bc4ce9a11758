namespace Grid.Storage;

/// <summary>
/// The Grid's main Azure Storage account (membership, reminders, streams, the tenant-to-region directory, the
/// processor's own state; and the data of every region that names no account of its own) and the settings every
/// account's clients share.
/// </summary>
public sealed class GridStorageOptions : StorageAccountOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Storage";

    public GridStorageOptions() => ConnectionString = DevelopmentConnectionString;

    /// <summary>The group-commit log recordings are written to (<c>Grid:Storage:Log</c>).</summary>
    public Log.RecordingLogOptions Log { get; set; } = new();

    /// <summary>Write-once storage of tenants in WORM mode (<c>Grid:Storage:Worm</c>).</summary>
    public WormOptions Worm { get; set; } = new();

    /// <summary>Per-attempt network timeout of a storage request.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed storage request inside the storage client.</summary>
    public int MaxRetries { get; set; } = 3;
}
