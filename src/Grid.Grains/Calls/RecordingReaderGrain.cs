using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Grid.Calls;
using Grid.Crypto.Format;
using Grid.Errors;
using Grid.Keys;
using Grid.Security;
using Grid.Security.Calls;
using Orleans.Concurrency;

namespace Grid.Grains.Calls;

/// <summary>
/// Playback outside the call grain (<see cref="IRecordingReaderGrain"/>): a stateless worker, so many listeners of
/// one recording read in parallel and none holds the call's activation; the call grain is asked once per read.
/// </summary>
[StatelessWorker]
public sealed class RecordingReaderGrain(RecordingFiles files) : Grain, IRecordingReaderGrain
{
    private (string TenantId, string CallId) Ids => field == default ? (field = GridIds.ParseCallKey(this.GetPrimaryKeyString())) : field;

    /// <summary>The verified caller is captured when the enumeration starts (later pages run in other calls).</summary>
    public IAsyncEnumerable<byte[]> ReadRangeAsync(long from, long to, CancellationToken cancellationToken = default) =>
        ReadRangeAsync(GridCaller.Principal, from, to, cancellationToken);

    private async IAsyncEnumerable<byte[]> ReadRangeAsync(GridPrincipal? principal, long from, long to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (tenantId, callId) = Ids;
        if (from < 0 || to < from)
        {
            throw new GridValidationException("A media range starts at 0 or later and ends at or after its start.");
        }

        var info = await GrainFactory.GetGrain<ICallGrain>(this.GetPrimaryKeyString()).GetPlaybackInfoAsync(cancellationToken);
        var decision = await ContentAccess.AuthorizeAsync(GrainFactory, principal, info.Status != CallStatus.None, tenantId, callId, "playback", info.Restricted);
        if (decision.Refusal is { } refusal)
        {
            throw refusal;
        }

        var state = new CallState { Status = info.Status, Header = info.Header, WholeFile = info.WholeFile };
        var lifecycle = new CallLifecycle(state);
        lifecycle.RequireSealed();
        if (info.PredatesLog)
        {
            throw new RecordingLayoutUnsupportedException("The recording is stored in layout v1 (before the recording log), which this release does not read; it can be deleted.");
        }

        var header = RecordingHeader.Decode(info.Header).Header;
        var dataKey = await GrainFactory.GetGrain<ITenantKeyGrain>(tenantId).UnwrapAsync(callId, header.Envelope, new KeyUse(decision.Purpose, principal?.Subject ?? GridCaller.AuditName), cancellationToken);
        RecordingCipher cipher;
        try
        {
            cipher = RecordingCipher.Open(header, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        using (cipher)
        {
            await foreach (var piece in files.ReadRangeAsync(tenantId, callId, state, cipher, from, to, cancellationToken))
            {
                yield return piece;
            }
        }
    }
}
