namespace Grid.Residency;

/// <summary>The legal ground that allows a transfer out of the tenant's jurisdiction (GDPR Chapter V).</summary>
public enum TransferSafeguardKind
{
    /// <summary>An adequacy decision for the destination (Art. 45).</summary>
    AdequacyDecision = 1,

    /// <summary>Standard contractual clauses, Commission Decision 2021/914 (Art. 46(2)(c)).</summary>
    StandardContractualClauses = 2,

    /// <summary>Binding corporate rules (Art. 47).</summary>
    BindingCorporateRules = 3,
}
