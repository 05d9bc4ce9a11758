using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grid.Audit;
using Grid.Crypto.Signing;
using Grid.Keys;
using Grid.Retention;
using Grid.Storage;
using Orleans.Concurrency;
using Grid.Tenants;

namespace Grid.Grains.Retention;

/// <summary>Builds and signs a tenant's deletion certificate from the deletion log, key state and holds.</summary>
[StatelessWorker]
public sealed class CertificateGrain(DeletionLog deletions, ProcessorSigningKey signer, GridTime time) : Grain, ICertificateGrain
{
    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public Task<ProcessorPublicKey> GetVerificationKeyAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        return Task.FromResult(new ProcessorPublicKey(signer.KeyId, signer.PublicKeyPem));
    }

    public async Task<DeletionCertificate> IssueAsync(string scope, CancellationToken cancellationToken = default)
    {
        Grid.Calls.CallMetadataRules.CheckText(scope, "scope", 64, required: true);
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetInfoAsync();
        var holds = (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetHoldsAsync()).Where(h => h.ReleasedAt is null).ToList();
        var keys = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).GetInfoAsync();
        var deleted = (await deletions.ReadAsync(TenantId, cancellationToken)).OrderBy(d => d.DeletedAt).ThenBy(d => d.CallId, StringComparer.Ordinal).ToList();
        var issuedAt = time.GetUtcNow();
        var body = new JsonObject
        {
            ["version"] = 1,
            ["certificateId"] = "cert-" + Guid.NewGuid().ToString("N"),
            ["issuer"] = "Recording Grid (processor)",
            ["issuedAt"] = issuedAt,
            ["tenantId"] = TenantId,
            ["scope"] = scope,
            ["termination"] = tenant.Termination is { } t
                ? new JsonObject { ["effectiveAt"] = t.EffectiveAt, ["deletionStartedAt"] = t.DeletionStartsAt, ["deleteBy"] = t.DeleteBy, ["completedAt"] = t.CompletedAt }
                : null,
            ["recordingsDeleted"] = new JsonObject
            {
                ["count"] = deleted.Count,
                ["objects"] = new JsonArray(deleted.Select(d => (JsonNode)new JsonObject
                {
                    ["objectIdSha256"] = Hash($"{TenantId}/{d.CallId}"),
                    ["storedObjectsSha256"] = d.ObjectHash,
                    ["deletedAt"] = d.DeletedAt,
                    ["reason"] = d.Reason,
                }).ToArray()),
            },
            ["keysDestroyed"] = new JsonArray((keys.Destruction?.Keys ?? []).Select(k => (JsonNode)new JsonObject
            {
                ["custody"] = k.Custody.ToString(),
                ["keyId"] = k.KeyId,
                ["version"] = k.Version,
                ["destroyedAt"] = keys.Destruction!.DestroyedAt,
            }).ToArray()),
            ["retainedUnderLegalHold"] = new JsonArray(holds.Select(h => (JsonNode)new JsonObject
            {
                ["holdId"] = h.HoldId,
                ["caseReference"] = h.CaseReference,
                ["scope"] = h.CallId is null ? "tenant" : "call",
                ["objectIdSha256"] = h.CallId is null ? null : Hash($"{TenantId}/{h.CallId}"),
                ["placedAt"] = h.PlacedAt,
                ["why"] = "Retained under legal hold: isolated, no processing, access by the legal-hold role only.",
            }).ToArray()),
            ["keyRetainedForLegalHold"] = holds.Count > 0 && keys.Status != TenantKeyStatus.Destroyed && keys.Current is { } current
                ? new JsonObject { ["keyId"] = current.KeyId, ["version"] = current.Version }
                : null,
        };
        var certificate = signer.Sign(body.ToJsonString());
        await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(new AuditRecord
        {
            TenantId = TenantId,
            At = issuedAt,
            Action = "certificate.issue",
            Purpose = scope,
            Principal = "grid:certificates",
        });
        return certificate;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
