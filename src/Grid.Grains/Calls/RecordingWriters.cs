using Grid.Crypto.Format;
using Grid.Storage.Log;

namespace Grid.Grains.Calls;

/// <summary>Makes <see cref="RecordingWriter"/>s for call activations on this silo (the log, manifests and scanner they share).</summary>
public sealed class RecordingWriters(RecordingLog log, ManifestStore manifests, LogScanner scanner, GridTime time)
{
    /// <summary>The tenant's lanes on this silo at their current positions (bound to a call before its first frame).</summary>
    public Task<IReadOnlyList<LogPosition>> BindAsync(string tenantId) => log.BindAsync(tenantId);

    /// <summary>Creates the manifest of a call that starts: from now on the call is listed in its tenant's container.</summary>
    public Task CreateManifestAsync(string tenantId, string callId) => manifests.CreateAsync(tenantId, callId, CancellationToken.None);

    public RecordingWriter Start(string tenantId, string callId, RecordingCipher cipher) =>
        RecordingWriter.Start(tenantId, callId, cipher, log, manifests, time);

    public Task<RecordingWriter> RecoverAsync(string tenantId, string callId, RecordingCipher cipher, IReadOnlyList<LogPosition> lanes) =>
        RecordingWriter.RecoverAsync(tenantId, callId, cipher, lanes, log, manifests, scanner, time);
}
