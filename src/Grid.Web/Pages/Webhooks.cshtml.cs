using System.Text.Json.Nodes;
using Grid.Webhooks;

namespace Grid.Web.Pages;

/// <summary>
/// The tenant's webhook endpoints: register one (with the receiver's country, which the transfer guard checks), see
/// its signing secret once, send it a test event, remove one, and deliver the events given up after every retry again.
/// </summary>
public sealed class WebhooksModel(ConsoleApi api) : ConsolePage(api)
{
    public IReadOnlyList<WebhookEndpoint> Endpoints { get; private set; } = [];

    public IReadOnlyList<WebhookDeadLetter> DeadLetters { get; private set; } = [];

    /// <summary>The endpoint just registered and its signing secret: shown in this answer only, never again.</summary>
    public WebhookRegistration? Registered { get; private set; }

    /// <summary>Registering, removing and replaying are the tenant admin's; the auditor reads.</summary>
    public bool IsAdmin => Person.Has(Grid.Security.GridRoles.TenantAdmin);

    public Task OnGetAsync() => LoadAsync();

    public async Task OnPostRegisterAsync(string? url, string? location)
    {
        var registered = await Api.PostAsync<WebhookRegistration>(Person, "webhooks", new { url, location = Country(location) }, HttpContext.RequestAborted);
        if (Accept(registered))
        {
            Registered = registered.Value;
            Message = $"Endpoint {Registered!.Endpoint.EndpointId} registered.";
        }

        await LoadAsync();
    }

    public async Task OnPostRemoveAsync(string? endpointId, string? confirm)
    {
        if (confirm != "yes")
        {
            Problem = "Confirm the removal first: tick the box next to its button.";
        }
        else
        {
            var removed = await Api.DeleteAsync<JsonObject>(Person, $"webhooks/{Uri.EscapeDataString(endpointId ?? "")}", HttpContext.RequestAborted);
            if (Accept(removed))
            {
                if (removed.Value?["removed"]?.GetValue<bool>() == true)
                {
                    Message = $"Endpoint {endpointId} removed: it receives no further events.";
                }
                else
                {
                    Problem = $"Not found: there is no endpoint {endpointId} in your tenant.";
                }
            }
        }

        await LoadAsync();
    }

    public async Task OnPostPingAsync(string? endpointId)
    {
        var ping = await Api.PostAsync<WebhookPingResult>(Person, $"webhooks/{Uri.EscapeDataString(endpointId ?? "")}/ping", null, HttpContext.RequestAborted);
        if (Accept(ping))
        {
            var result = ping.Value!;
            if (result.Delivered)
            {
                Message = $"Test event {result.EventId} delivered to {endpointId}: the receiver answered in {result.Milliseconds} ms.";
            }
            else
            {
                Problem = $"Test event {result.EventId} to {endpointId} failed: {result.Failure} after {result.Milliseconds} ms. Check the URL and that your receiver verifies the signature and answers 2xx.";
            }
        }

        await LoadAsync();
    }

    public async Task OnPostReplayAsync()
    {
        var replayed = await Api.PostAsync<JsonObject>(Person, "webhooks/dead-letters/replay", null, HttpContext.RequestAborted);
        if (Accept(replayed))
        {
            var queued = replayed.Value?["queued"]?.GetValue<int>() ?? 0;
            Message = queued == 1 ? "1 event queued for delivery again." : $"{queued} events queued for delivery again.";
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (ForOperator)
        {
            return;
        }

        var endpoints = await Api.GetAsync<List<WebhookEndpoint>>(Person, "webhooks", HttpContext.RequestAborted);
        Endpoints = Accept(endpoints) ? endpoints.Value! : [];
        if (endpoints.Ok)
        {
            var dead = await Api.GetAsync<List<WebhookDeadLetter>>(Person, "webhooks/dead-letters", HttpContext.RequestAborted);
            DeadLetters = Accept(dead) ? dead.Value! : [];
        }
    }
}
