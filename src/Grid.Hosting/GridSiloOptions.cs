using Grid.Crypto.Signing;
using Grid.Grains.Calls;
using Grid.Grains.Operations;
using Grid.Grains.Tenants;
using Grid.Storage;

namespace Grid.Hosting;

/// <summary>The silo's settings, bound from the configuration section <c>Grid</c>.</summary>
public sealed class GridSiloOptions
{
    public const string SectionName = "Grid";

    /// <summary>Orleans cluster id (silos and clients of one deployment share it).</summary>
    public string ClusterId { get; set; } = "grid-local";

    /// <summary>Orleans service id: stable across deployments, it keys grain state and reminders.</summary>
    public string ServiceId { get; set; } = "recording-grid";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients reach this silo at; loopback by default (local development).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Where the silo's operators' view (dashboard, metrics, health) listens.</summary>
    public string HttpUrls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Certificate (PEM) for the operators' view: with it, <see cref="HttpUrls"/> may use https:// on any address;
    /// without it, plain http:// is accepted on loopback addresses only.
    /// </summary>
    public string? HttpsCertificatePath { get; set; }

    /// <summary>The private key (PEM) of <see cref="HttpsCertificatePath"/>.</summary>
    public string? HttpsKeyPath { get; set; }

    /// <summary>OpenTelemetry export.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Prefix of the Azure queues that carry tenant events.</summary>
    public string EventQueuePrefix { get; set; } = "grid-events";

    /// <summary>Number of event queues.</summary>
    public int EventQueueCount { get; set; } = 4;

    /// <summary>How often each event queue is polled (an event reaches subscribers within about this time).</summary>
    public TimeSpan EventPollPeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    public GridStorageOptions Storage { get; set; } = new();

    /// <summary>Failure detection; unset values keep Orleans' defaults (eviction of a dead silo in ~10 s or more).</summary>
    public MembershipTuning Membership { get; set; } = new();

    public GridKeyOptions Keys { get; set; } = new();

    /// <summary>Where the silo runs.</summary>
    public HostingOptions Hosting { get; set; } = new();

    /// <summary>Regions, their jurisdictions, and replica safeguards.</summary>
    public Grid.Grains.Residency.ResidencyOptions Residency { get; set; } = new();

    /// <summary>Governance workflows: sub-processors, incidents, audit rights, record of processing.</summary>
    public Grid.Grains.Governance.GovernanceOptions Governance { get; set; } = new();

    public CallLimits Limits { get; set; } = new();

    public RetentionOptions Retention { get; set; } = new();

    public TerminationOptions Termination { get; set; } = new();

    public ProcessorSigningKeyOptions Signing { get; set; } = new();

    public CanaryOptions Canary { get; set; } = new();

    /// <summary>Signed checkpoints of the tenants' audit logs.</summary>
    public Grid.Grains.Audit.AuditOptions Audit { get; set; } = new();

    /// <summary>The recordings catalog and blind participant index.</summary>
    public Grid.Grains.Calls.CatalogOptions Catalog { get; set; } = new();

    /// <summary>Data-subject requests (deadline checks).</summary>
    public Grid.Grains.Requests.DataSubjectRequestOptions Requests { get; set; } = new();

    /// <summary>The tenant event stream's provider (Azure Queue locally, Event Hubs in production).</summary>
    public EventStreamOptions Events { get; set; } = new();

    /// <summary>Webhook delivery of tenant events.</summary>
    public Grid.Grains.Webhooks.WebhookOptions Webhooks { get; set; } = new();

    /// <summary>The trust boundary: TLS, credentials, the cluster key.</summary>
    public Grid.Security.GridSecurityOptions Security { get; set; } = new();

    /// <summary>Orleans' minimum reminder period (1 minute by default); tests lower it to exercise real reminders.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
