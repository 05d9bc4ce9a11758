using Grid.Events;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Events;

/// <summary>
/// A grain's transactional outbox of tenant events. The grain adds an event to its persisted state's pending list
/// (<see cref="Add(string, DateTimeOffset, TenantEvent)"/>) before the state write that makes the change, so the change and its announcement are one
/// write; then <see cref="DeliverAsync"/> puts the pending events on the tenant's stream in order and persists their
/// removal. Delivery is at least once: what the stream does not accept is retried with backoff (a grain timer while
/// the grain is active, and a reminder that brings it back after a restart) until it is, each event keeping its id.
/// </summary>
public sealed partial class EventOutbox
{
    /// <summary>The reminder that resumes delivery after the grain was deactivated with events pending.</summary>
    public const string ReminderName = "grid-outbox";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(1);

    private readonly Grain grain;
    private readonly Func<List<TenantEventEnvelope>> pending;
    private readonly Func<Task> persist;
    private readonly ILogger logger;
    private IGrainTimer? retry;
    private TimeSpan backoff = FirstRetry;
    private bool reminderRegistered;
    private bool delivering;

    /// <param name="grain">The grain that owns the outbox.</param>
    /// <param name="pending">The pending list in the grain's persisted state.</param>
    /// <param name="persist">Writes the grain's state.</param>
    /// <param name="logger">The grain's logger.</param>
    public EventOutbox(Grain grain, Func<List<TenantEventEnvelope>> pending, Func<Task> persist, ILogger logger)
    {
        this.grain = grain;
        this.pending = pending;
        this.persist = persist;
        this.logger = logger;
    }

    /// <summary>Events written but not yet accepted by the stream.</summary>
    public int PendingCount => pending().Count;

    /// <summary>Adds <paramref name="event"/> to the outbox; the caller's next state write makes it durable.</summary>
    public TenantEventEnvelope Add(string tenantId, DateTimeOffset at, TenantEvent @event) => Add(TenantEventEnvelope.Create(tenantId, at, @event));

    /// <summary>Adds <paramref name="envelope"/> (an id chosen by the caller) unless an event with its id is pending.</summary>
    public TenantEventEnvelope Add(TenantEventEnvelope envelope)
    {
        var list = pending();
        if (!list.Exists(e => e.EventId == envelope.EventId))
        {
            list.Add(envelope);
        }

        return envelope;
    }

    /// <summary>
    /// Adds <paramref name="event"/>, writes the grain's state (the change and its announcement in one write; a failed
    /// write throws as the grain's own write does), then delivers.
    /// </summary>
    public async Task CommitAsync(string tenantId, DateTimeOffset at, TenantEvent @event)
    {
        Add(tenantId, at, @event);
        await persist();
        await DeliverAsync();
    }

    /// <summary>
    /// Delivers the pending events in order, then persists their removal (unless <paramref name="persistRemoval"/> is
    /// false: the grain's next state write will, and a crash before it only means the same event, with the same id,
    /// is delivered again). Never throws: what is not delivered is retried.
    /// </summary>
    public async Task DeliverAsync(bool persistRemoval = true)
    {
        if (delivering)
        {
            // An interleaved call: the delivery in progress takes what was added meanwhile.
            return;
        }

        delivering = true;
        try
        {
            await DeliverPendingAsync(persistRemoval);
        }
        finally
        {
            delivering = false;
        }
    }

    private async Task DeliverPendingAsync(bool persistRemoval)
    {
        var list = pending();
        var delivered = 0;
        while (delivered < list.Count)
        {
            var envelope = list[delivered];
            try
            {
                await grain.GetStreamProvider(GridStreams.ProviderName)
                    .GetStream<TenantEventEnvelope>(StreamId.Create(GridStreams.TenantEventsNamespace, envelope.TenantId))
                    .OnNextAsync(envelope);
                delivered++;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogNotDelivered(logger, envelope.TenantId, envelope.Event.Type, envelope.EventId, e.GetType().Name, backoff);
                break;
            }
        }

        if (delivered > 0)
        {
            list.RemoveRange(0, delivered);
            if (persistRemoval)
            {
                await TryPersistAsync();
            }
        }

        if (list.Count == 0)
        {
            backoff = FirstRetry;
            retry?.Dispose();
            retry = null;
            if (reminderRegistered && await grain.GetReminder(ReminderName) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }

            reminderRegistered = false;
            return;
        }

        await ScheduleRetryAsync();
    }

    /// <summary>On activation: resumes delivery of events a previous activation left pending.</summary>
    public void Resume()
    {
        if (pending().Count > 0)
        {
            retry?.Dispose();
            retry = grain.RegisterGrainTimer(_ => DeliverAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    /// <summary>The outbox's reminder ticked: deliver what is pending (the grain routes <see cref="ReminderName"/> here).</summary>
    public Task OnReminderAsync()
    {
        reminderRegistered = true;
        return DeliverAsync();
    }

    private async Task ScheduleRetryAsync()
    {
        retry?.Dispose();
        retry = grain.RegisterGrainTimer(_ => DeliverAsync(), new GrainTimerCreationOptions(backoff, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastRetry.Ticks));
        if (!reminderRegistered)
        {
            try
            {
                await grain.RegisterOrUpdateReminder(ReminderName, LastRetry, LastRetry);
                reminderRegistered = true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The timer retries while the grain is active; the next failure registers the reminder again.
                LogNoReminder(logger, e.GetType().Name);
            }
        }
    }

    private async Task TryPersistAsync()
    {
        try
        {
            await persist();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Delivered but still listed as pending: the same events (same ids) are delivered again later.
            LogRemovalNotPersisted(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Tenant {TenantId}: event {Type} ({EventId}) not accepted by the event stream ({Error}); retrying in {Backoff}")]
    private static partial void LogNotDelivered(ILogger logger, string tenantId, string type, string eventId, string error, TimeSpan backoff);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Events delivered, but their removal from the outbox was not written ({Error}); they will be delivered again with the same ids")]
    private static partial void LogRemovalNotPersisted(ILogger logger, string error);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "The outbox's retry reminder could not be registered ({Error}); retrying while active")]
    private static partial void LogNoReminder(ILogger logger, string error);
}
