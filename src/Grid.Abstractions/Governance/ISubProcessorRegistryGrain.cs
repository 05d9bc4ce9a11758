using Grid.Security;

namespace Grid.Governance;

/// <summary>
/// The processor's sub-processor registry (key <see cref="ProcessorScope.Key"/>): the list "as of" any date and the
/// announced changes. Announcing notifies every tenant at once; a reminder applies the change on its effective date.
/// </summary>
[Alias("Grid.Governance.ISubProcessorRegistryGrain")]
public interface ISubProcessorRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Announces a change and notifies every tenant. Refused with <see cref="Errors.GridErrorCode.NoticeTooShort"/>
    /// when it takes effect less than 10 days from now.
    /// </summary>
    /// <param name="spec">The change.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The change with its dates.</returns>
    [Alias("Announce")]
    [GridAccess(GridRoles.Operator)]
    Task<SubProcessorChange> AnnounceAsync(SubProcessorChangeSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The sub-processors in force at <paramref name="asOf"/> (now when null), for every tenant.</summary>
    /// <param name="asOf">The moment, or null for now.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The list.</returns>
    [Alias("GetAsOf")]
    [GridAccess(GridRoles.Operator)]
    Task<IReadOnlyList<SubProcessor>> GetAsOfAsync(DateTimeOffset? asOf, CancellationToken cancellationToken = default);

    /// <summary>Every change announced, oldest first.</summary>
    /// <returns>The changes.</returns>
    [Alias("GetChanges")]
    [GridAccess(GridRoles.Operator)]
    Task<IReadOnlyList<SubProcessorChange>> GetChangesAsync(CancellationToken cancellationToken = default);
}
