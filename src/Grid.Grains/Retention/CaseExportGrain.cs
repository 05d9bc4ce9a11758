using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Grid.Calls;
using Grid.Crypto.Signing;
using Grid.Errors;
using Grid.Grains.Calls;
using Grid.Grains.Requests;
using Grid.Requests;
using Grid.Retention;
using Grid.Security.Calls;
using Grid.Tenants;

namespace Grid.Grains.Retention;

/// <summary>
/// A legal hold's e-discovery export (<see cref="ICaseExportGrain"/>). The held recordings are read under the
/// caller's own legal-hold credential (it flows into the call grains, whose content rules let exactly that role
/// reach held recordings), so the export can never reach what the person could not play.
/// </summary>
public sealed class CaseExportGrain(
    [PersistentState("caseexport", GridGrainStorage.Name)] IPersistentState<CaseExportState> state,
    CallCatalog catalog,
    ProcessorSigningKey signer,
    GridTime time) : Grain, ICaseExportGrain
{
    private (string TenantId, string HoldId) Ids => field == default ? (field = Parse(this.GetPrimaryKeyString())) : field;

    private ExportBundle Bundle => field ??= new ExportBundle(GrainFactory, Ids.TenantId);

    public async Task<CaseExportInfo> PrepareAsync(CancellationToken cancellationToken = default)
    {
        var principal = GridCaller.AuditName;
        var tenant = GrainFactory.GetGrain<ITenantGrain>(Ids.TenantId);
        var hold = (await tenant.GetHoldsAsync()).FirstOrDefault(h => h.HoldId == Ids.HoldId)
            ?? throw new GridValidationException("No legal hold with this id exists for the tenant.");
        var calls = hold.CallId is { } one ? [one] : await catalog.AllRecordingsAsync(Ids.TenantId, cancellationToken);
        var files = new List<ExportFile>();
        var withheld = new List<WithheldRecording>();
        foreach (var callId in calls)
        {
            var summary = await GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(Ids.TenantId, callId)).GetSummaryAsync();
            if (summary.Status != CallStatus.Sealed)
            {
                withheld.Add(new WithheldRecording(callId, summary.Status == CallStatus.Recording ? "still being recorded: export it once it is sealed" : $"not available ({summary.Status.ToString().ToLowerInvariant()})"));
                continue;
            }

            files.AddRange(await Bundle.DescribeAsync(callId));
        }

        var now = time.GetUtcNow();
        var body = Bundle.ManifestBody(
            new JsonObject { ["holdId"] = hold.HoldId, ["caseReference"] = hold.CaseReference, ["legalBasis"] = hold.LegalBasis, ["scope"] = hold.CallId is null ? "tenant" : "call" },
            files,
            withheld,
            now);
        await AuditAsync("hold.export-prepare", hold.CaseReference, principal, hold.CallId);
        state.State.Export = new CaseExportInfo { HoldId = hold.HoldId, CaseReference = hold.CaseReference, PreparedAt = now, Files = files, Withheld = withheld, Manifest = signer.Sign(body) };
        await state.WriteOrThrowAsync();
        return state.State.Export;
    }

    public IAsyncEnumerable<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        ReadFileAsync(path, GridCaller.AuditName, cancellationToken);

    private async IAsyncEnumerable<byte[]> ReadFileAsync(string path, string principal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _ = Ids;
        if (state.State.Export is not { Manifest: { } manifest } export)
        {
            throw new RequestStateException("Prepare the case export first.");
        }

        if (path is ExportBundle.ManifestPath or ExportBundle.SignaturePath)
        {
            yield return ExportBundle.ManifestFile(path, manifest);
            yield break;
        }

        if (!export.Files.Any(f => f.Path == path))
        {
            throw new GridValidationException("The export has no file with this path; use a path its manifest lists.");
        }

        await AuditAsync("hold.export", path, principal, ExportBundle.CallOf(path));
        await foreach (var piece in Bundle.FileAsync(path, cancellationToken))
        {
            yield return piece;
        }
    }

    private Task AuditAsync(string action, string purpose, string principal, string? callId) =>
        Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, Ids.TenantId, action, $"{Ids.HoldId}: {purpose}", principal, time.GetUtcNow(), callId);

    private static (string TenantId, string HoldId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? throw new GridValidationException("A case export key is {tenantId}/{holdId}.") : (GridIds.RequireTenantId(key[..slash]), GridIds.RequireCallId(key[(slash + 1)..]));
    }
}
