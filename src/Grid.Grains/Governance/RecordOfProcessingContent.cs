using Grid.Governance;
using Grid.Grains.Audit;
using Grid.Keys;
using Grid.Security;
using Grid.Storage;
using Grid.Tenants;

namespace Grid.Grains.Governance;

/// <summary>The fixed parts of a record of processing and the measures read from live configuration.</summary>
public static class RecordOfProcessingContent
{
    /// <summary>Purposes (the controller's instructions, as the addendum lists them).</summary>
    public static IReadOnlyList<string> Purposes { get; } =
    [
        "Recording the controller's calls for its compliance obligations",
        "Storing, searching and playing back recordings for the controller's authorised users",
        "Retention, legal hold and deletion as the controller sets them",
        "Answering data-subject requests on the controller's instruction",
    ];

    /// <summary>Categories of data.</summary>
    public static IReadOnlyList<string> DataCategories { get; } =
    [
        "Call audio (encrypted on receipt)",
        "Call metadata: participants' numbers or addresses and names, times, direction, category, tags (encrypted on receipt)",
        "Blind-index terms: keyed hashes of participants' identifiers",
        "Audit records: opaque subject ids of the controller's users, actions, times",
    ];

    /// <summary>Categories of data subjects.</summary>
    public static IReadOnlyList<string> DataSubjectCategories { get; } =
    [
        "The controller's employees and agents on recorded calls",
        "The controller's customers and other call participants",
        "The controller's users of the Grid (opaque subject ids only)",
    ];

    /// <summary>Security measures in force, read from the tenant's key and the silo's configuration.</summary>
    public static IReadOnlyDictionary<string, string> Measures(KeyCustodyKind custody, TenantKeyInfo key, GridSecurityOptions security, GridStorageOptions storage, AuditOptions audit, bool worm = false) =>
        new Dictionary<string, string>
        {
            ["Encryption at rest"] = "each recording and its metadata encrypted on receipt under its own AES-256-GCM data key (RGRD streaming format, key-committing)",
            ["Tenant key custody"] = custody switch
            {
                KeyCustodyKind.Pkcs11 => "PKCS#11 hardware security module (CKM_AES_GCM wrap inside the HSM)",
                KeyCustodyKind.AzureKeyVault => "Azure Key Vault / Managed HSM (RSA-OAEP-256 or A256KW)",
                _ => "software key files (AES-256-GCM wrap; development only)",
            } + $"; key status {key.Status.ToString().ToLowerInvariant()}, version {key.Current?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}",
            ["Transport"] = security.Tls.Enabled
                ? "mutual TLS between silos and from every client (" + (security.Tls.UsesDevelopmentCertificates ? "development CA" : "deployment certificates") + ")"
                : "TLS DISABLED (development only)",
            ["Access control"] = "a verified Grid credential on every grain call, roles per method; operators never reach content, metadata or keys",
            ["Participant search"] = "blind index: HMAC-SHA256 under a per-tenant index key held in the tenant's key custody",
            ["Audit log"] = $"hash-chained per tenant; checkpoints signed by the processor (ES256) every {audit.CheckpointEvery} records or {audit.CheckpointInterval}",
            ["Replica"] = string.IsNullOrEmpty(storage.ReplicaConnectionString) && storage.ReplicaBlobServiceUri is null
                ? "none configured"
                : "encrypted copy of every sealed recording in a second storage account",
            ["Write-once storage"] = worm
                ? $"WORM mode: every sealed recording is kept under a {(storage.Worm.PolicyMode == WormPolicyMode.Locked ? "locked" : "UNLOCKED (development only)")} immutability policy until its retention end, and under a storage legal hold while a legal hold applies; the storage service refuses to delete or alter it before then, whoever asks"
                : "not chosen: the Grid refuses early deletion and alteration itself, and the hash-chained audit log records every modification and deletion",
            ["Deletion"] = worm
                ? "retention sweeps at each recording's retention end; erasure requests and redaction are refused while a recording's policy is in force (the law that requires write-once records is the controller's Art. 17(3)(b) ground); at termination, within 15 days: the tenant's keys are destroyed, so every recording is unreadable at once (crypto-shredding), and each write-once copy's ciphertext is deleted by the storage account's lifecycle rule once its policy has ended; signed certificates"
                : "retention sweeps, erasure on request, deletion within 15 days of termination; keys destroyed; signed certificates",
        };

    /// <summary>The DPIA input: risks to the people recorded and the measures in force against each.</summary>
    public static IReadOnlyList<DpiaRisk> Risks(IReadOnlyDictionary<string, string> measures, TenantInfo tenant, int activeHolds, int transfers, TimeSpan notificationTarget) =>
    [
        new() { Risk = "Unauthorised access to recordings (confidentiality)", Measures = [measures["Encryption at rest"], measures["Tenant key custody"], measures["Transport"], measures["Access control"], measures["Audit log"]] },
        new() { Risk = "Loss or alteration of recordings (availability, integrity)", Measures = ["a chunk is acknowledged only once encrypted and durable", "authenticated frames detect any alteration", measures["Replica"], measures["Write-once storage"]] },
        new() { Risk = "Keeping recordings longer than necessary (storage limitation)", Measures = [$"retention {tenant.Retention?.DefaultDays ?? tenant.Settings.RetentionDays} days by default, {tenant.Retention?.DaysByCategory.Count ?? 0} category rules", $"{activeHolds} legal hold(s) in force", measures["Deletion"]] },
        new() { Risk = "Transfers outside the EEA/UK", Measures = [$"residency region {tenant.Settings.ResidencyRegion}", transfers == 0 ? "no sub-processor in force outside the EEA/UK" : $"{transfers} sub-processor(s) outside the EEA/UK, each with its recorded safeguard", "10 days' notice of sub-processor changes, 30 days to object"] },
        new() { Risk = "Identifying people through search indexes", Measures = [measures["Participant search"], "identifiers never appear in ids, paths, logs or events"] },
        new() { Risk = "Late notification of a personal data breach", Measures = [$"incident notification target {notificationTarget.TotalHours:0} h from detection (never over 72 h), recorded per tenant", "unacknowledged notices sent again until acknowledged"] },
    ];
}
