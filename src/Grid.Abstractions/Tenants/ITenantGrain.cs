namespace Grid.Tenants;

/// <summary>A tenant's policy and life cycle, keyed by tenant id.</summary>
[Alias("Grid.Tenants.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>
    /// Provisions the tenant and creates its key-encryption key. Repeating with the same settings returns the
    /// tenant; different settings are refused (<see cref="Errors.GridErrorCode.TenantAlreadyProvisioned"/>).
    /// </summary>
    /// <param name="settings">The tenant's settings.</param>
    /// <returns>The provisioned tenant.</returns>
    [Alias("Provision")]
    Task<TenantInfo> ProvisionAsync(TenantSettings settings);

    /// <summary>Returns the tenant, or throws <see cref="Errors.TenantUnavailableException"/> when unknown.</summary>
    /// <returns>The tenant.</returns>
    [Alias("GetInfo")]
    Task<TenantInfo> GetInfoAsync();

    /// <summary>Returns the tenant if it may record now; otherwise throws <see cref="Errors.TenantUnavailableException"/>.</summary>
    /// <returns>The tenant.</returns>
    [Alias("EnsureActive")]
    Task<TenantInfo> EnsureActiveAsync();

    /// <summary>Suspends the tenant: no new recordings, no playback, until resumed.</summary>
    /// <returns>The tenant.</returns>
    [Alias("Suspend")]
    Task<TenantInfo> SuspendAsync();

    /// <summary>Resumes a suspended tenant.</summary>
    /// <returns>The tenant.</returns>
    [Alias("Resume")]
    Task<TenantInfo> ResumeAsync();

    /// <summary>
    /// Marks the tenant terminated: nothing new is accepted. (The return window and deletion workflow that follow
    /// termination are a separate feature.)
    /// </summary>
    /// <returns>The tenant.</returns>
    [Alias("Terminate")]
    Task<TenantInfo> TerminateAsync();
}
