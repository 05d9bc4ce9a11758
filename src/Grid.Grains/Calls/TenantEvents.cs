using Grid.Events;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Calls;

/// <summary>Publishes a call's events on its tenant's event stream; a lost notification never fails the operation.</summary>
internal static class TenantEvents
{
    public static async Task PublishAsync(Grain grain, CallEvent callEvent, ILogger logger)
    {
        try
        {
            await grain.GetStreamProvider(GridStreams.ProviderName)
                .GetStream<CallEvent>(StreamId.Create(GridStreams.TenantEventsNamespace, callEvent.TenantId))
                .OnNextAsync(callEvent);
        }
        catch (Exception e)
        {
            CallLog.EventNotPublished(logger, e.GetType().Name, callEvent.Kind, callEvent.TenantId, callEvent.CallId);
        }
    }
}
