using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Grid.Calls;
using Grid.Errors;
using Grid.Requests;
using Grid.Security.Calls;
using Grid.Tenants;

namespace Grid.Grains.Requests;

/// <summary>
/// What a data-subject request does to each of the person's recordings (delete, restrict, correct, or describe for
/// the export bundle; a held recording is withheld with the hold's case), and the bundle's files as they are read.
/// </summary>
public sealed partial class DataSubjectRequestGrain
{
    public IAsyncEnumerable<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        ReadFileAsync(path, GridCaller.AuditName, cancellationToken);

    private async IAsyncEnumerable<byte[]> ReadFileAsync(string path, string principal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _ = Ids;
        Lifecycle.RequireExisting();
        if (state.State.Status != DataSubjectRequestStatus.Completed || state.State.Kind is not (DataSubjectRequestKind.Access or DataSubjectRequestKind.Portability))
        {
            throw new RequestStateException("Only a completed access or portability request has an export bundle.");
        }

        if (path is ExportBundle.ManifestPath or ExportBundle.SignaturePath)
        {
            yield return ExportBundle.ManifestFile(path, state.State.Manifest!);
            yield break;
        }

        if (!state.State.Files.Exists(f => f.Path == path))
        {
            throw new GridValidationException("The bundle has no file with this path; use a path its manifest lists.");
        }

        await AuditAsync("dsr.export", path.EndsWith(".json", StringComparison.Ordinal) ? "metadata" : "media", principal, ExportBundle.CallOf(path));
        RequestContext.Remove(GridCallContextKeys.Token);
        await foreach (var piece in Bundle.FileAsync(path, cancellationToken))
        {
            yield return piece;
        }
    }

    /// <summary>What the request does to one recording; the reason when it withholds it.</summary>
    private async Task<string?> ActOnAsync(string callId, ParticipantCorrection? correction, string principal)
    {
        var call = GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(Ids.TenantId, callId));
        var hold = await GrainFactory.GetGrain<ITenantGrain>(Ids.TenantId).FindHoldAsync(callId);
        switch (state.State.Kind)
        {
            case DataSubjectRequestKind.Erasure:
                CallSummary after;
                try
                {
                    after = await call.DeleteAsync("request", principal);
                }
                catch (RecordingImmutableException)
                {
                    // WORM mode: the law that requires write-once records is the controller's Art. 17(3)(b) ground.
                    var kept = await call.DescribeForCompletenessAsync();
                    var until = kept.ImmutableUntil ?? kept.RetainUntil;
                    return $"kept in write-once storage (the tenant's WORM mode) until its retention end, {until:yyyy-MM-dd}: erased then";
                }

                return after.Status == CallStatus.Deleted ? null : $"under legal hold '{hold?.CaseReference}' ({hold?.LegalBasis ?? "no basis recorded"}): kept until the hold is released";
            case DataSubjectRequestKind.Restriction:
                await call.RestrictAsync(Ids.RequestId, principal);
                return null;
            case DataSubjectRequestKind.Correction:
                await call.CorrectParticipantAsync(state.State.ParticipantTerm, correction!, principal);
                return null;
            default:
                if (hold is not null)
                {
                    return $"under legal hold '{hold.CaseReference}': isolated, not exported";
                }

                if ((await call.GetSummaryAsync()).Status != CallStatus.Sealed)
                {
                    return "still being recorded: export it once it is sealed";
                }

                state.State.Files.AddRange(await Bundle.DescribeAsync(callId));
                return null;
        }
    }

    private string ManifestBody() => Bundle.ManifestBody(
        new JsonObject { ["requestId"] = Ids.RequestId, ["kind"] = state.State.Kind.ToString().ToLowerInvariant() },
        state.State.Files,
        state.State.Withheld,
        time.GetUtcNow());
}
