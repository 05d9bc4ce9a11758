using Grid.Tenants;

namespace Grid.Web.Pages;

/// <summary>
/// The tenant's contract as the Grid holds it: status, and the termination's dates once recorded. A tenant admin
/// records the termination here (the date, the return window, the deletion deadline), confirmed by typing the
/// tenant's id, because it cannot be undone.
/// </summary>
public sealed class ContractModel(ConsoleApi api) : ConsolePage(api)
{
    public TenantInfo? Tenant { get; private set; }

    public bool IsAdmin => Person.Has(Grid.Security.GridRoles.TenantAdmin);

    public Task OnGetAsync() => LoadAsync();

    public async Task OnPostTerminateAsync(DateOnly? effectiveDate, int returnWindowDays, int deleteWithinDays, string? confirmTenant)
    {
        if (effectiveDate is not { } date)
        {
            Problem = "Choose the contract's termination date.";
        }
        else if (!string.Equals(confirmTenant?.Trim(), Person.TenantId, StringComparison.Ordinal))
        {
            Problem = $"Type your tenant's id ({Person.TenantId}) to confirm: a termination cannot be undone.";
        }
        else
        {
            var effectiveAt = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var terminated = await Api.PostAsync<TenantInfo>(Person, "terminate", new { effectiveAt, returnWindowDays, deleteWithinDays }, HttpContext.RequestAborted);
            if (Accept(terminated) && terminated.Value!.Termination is { } termination)
            {
                Message = $"Termination recorded. Everything not under a legal hold is deleted by {Time(termination.DeleteBy)}.";
            }
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (ForOperator)
        {
            return;
        }

        var tenant = await Api.GetAsync<TenantInfo>(Person, "", HttpContext.RequestAborted);
        Tenant = Accept(tenant) ? tenant.Value : null;
    }
}
