using Grid.Security;

namespace Grid.Retention;

/// <summary>
/// The e-discovery export of a legal hold's case, keyed <c>{tenantId}/{holdId}</c>: every recording the hold covers
/// (one call, or all of the tenant's), in the same bundle format as a data subject's access export. Only the
/// legal-hold role, which is the role that may read held recordings; every file read is audited.
/// </summary>
[Alias("Grid.Retention.ICaseExportGrain")]
public interface ICaseExportGrain : IGrainWithStringKey
{
    /// <summary>Prepares (or prepares again) the export: reads every held recording once, hashes it, signs the manifest.</summary>
    /// <returns>The export.</returns>
    [Alias("Prepare")]
    [GridAccess(GridRoles.LegalHold)]
    Task<CaseExportInfo> PrepareAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams one file of the prepared export (<c>manifest.json</c>, <c>manifest.signature.json</c>, or a listed path).</summary>
    /// <param name="path">The file's path in the bundle.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The file's bytes.</returns>
    [Alias("ReadFile")]
    [GridAccess(GridRoles.LegalHold)]
    IAsyncEnumerable<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default);
}
