using Grid.Calls;
using Grid.Retention;

namespace Grid.Client;

/// <summary>
/// Two-person redaction of sealed recordings, for a person's token (set with <see cref="Credentials.GridCredentials.Use"/>,
/// or the configured one): a privacy officer requests a range, a different tenant administrator approves or rejects
/// it. Approval replaces the range with silence in a new version under a new data key and destroys the original;
/// the Grid signs a certificate of what was destroyed. The same rules as the customer API's
/// <c>.../recordings/{call}/redactions</c> routes: the requester may not approve, a legal hold refuses.
/// </summary>
public sealed class GridRedactions(IClusterClient client)
{
    /// <summary>Requests a redaction (role privacy officer): pending until another person decides.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The sealed call.</param>
    /// <param name="request">The range on the player's timeline (milliseconds), the channels (all when empty) and a reason label.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending redaction.</returns>
    public Task<RecordingRedaction> RequestAsync(string tenantId, string callId, RedactionRequest request, CancellationToken cancellationToken = default) =>
        Call(tenantId, callId).RequestRedactionAsync(request, cancellationToken);

    /// <summary>Approves a pending redaction (role tenant administrator, not its requester) and applies it.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="redactionId">The pending redaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The redacted recording's summary and the signed certificate.</returns>
    public Task<RedactionOutcome> ApproveAsync(string tenantId, string callId, string redactionId, CancellationToken cancellationToken = default) =>
        Call(tenantId, callId).ApproveRedactionAsync(redactionId, cancellationToken);

    /// <summary>Rejects a pending redaction (role tenant administrator): nothing changes in the recording.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="redactionId">The pending redaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rejected redaction.</returns>
    public Task<RecordingRedaction> RejectAsync(string tenantId, string callId, string redactionId, CancellationToken cancellationToken = default) =>
        Call(tenantId, callId).RejectRedactionAsync(redactionId, cancellationToken);

    /// <summary>The redactions of a recording, oldest first (from its summary).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Requested, applied and rejected redactions.</returns>
    public async Task<IReadOnlyList<RecordingRedaction>> ListAsync(string tenantId, string callId, CancellationToken cancellationToken = default) =>
        (await Call(tenantId, callId).GetSummaryAsync(cancellationToken)).Redactions;

    /// <summary>The signed certificate of an applied redaction (verify it with the Grid's <c>verify-certificate</c>).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call.</param>
    /// <param name="redactionId">The applied redaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The certificate.</returns>
    public Task<DeletionCertificate> GetCertificateAsync(string tenantId, string callId, string redactionId, CancellationToken cancellationToken = default) =>
        Call(tenantId, callId).GetRedactionCertificateAsync(redactionId, cancellationToken);

    private ICallGrain Call(string tenantId, string callId) => client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
}
