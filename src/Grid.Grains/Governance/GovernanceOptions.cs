using System.ComponentModel.DataAnnotations;
using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>The Data Processing Addendum's governance workflows (configuration section <c>Grid:Governance</c>).</summary>
public sealed class GovernanceOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Governance";

    /// <summary>The longest notification target the addendum allows.</summary>
    public static readonly TimeSpan MaxNotificationTarget = TimeSpan.FromHours(72);

    /// <summary>How often a workflow with a pending deadline checks it (a reminder; at least the silo's minimum reminder period).</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Target from an incident's detection to each affected tenant's notification (default 24 h; at most 72 h).</summary>
    public TimeSpan IncidentNotificationTarget { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An unacknowledged incident notice is sent again after this long on the Grid's clock.</summary>
    public TimeSpan IncidentEscalateAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The processor's name in records of processing.</summary>
    public string ProcessorName { get; set; } = "Recording Grid (development deployment)";

    /// <summary>The processor's privacy contact.</summary>
    public string ProcessorContact { get; set; } = "privacy@processor.invalid";

    /// <summary>The processor's data-protection officer.</summary>
    public string DataProtectionOfficer { get; set; } = "dpo@processor.invalid";

    /// <summary>The sub-processors in force from the start (before any announced change).</summary>
    public List<SubProcessorSetting> InitialSubProcessors { get; set; } = [];

    /// <summary>Throws with the setting's name when a value is out of range (called when the silo is configured).</summary>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>The problems of these settings, each naming its setting (checked when the host starts).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Problems().Select(p => new ValidationResult(p));

    private IEnumerable<string> Problems()
    {
        if (IncidentNotificationTarget <= TimeSpan.Zero || IncidentNotificationTarget > MaxNotificationTarget)
        {
            yield return $"Grid:Governance:IncidentNotificationTarget must be more than 0 and at most 72 hours (the addendum's limit); it is {IncidentNotificationTarget}.";
        }

        if (CheckPeriod <= TimeSpan.Zero || IncidentEscalateAfter <= TimeSpan.Zero)
        {
            yield return "Grid:Governance:CheckPeriod and Grid:Governance:IncidentEscalateAfter must be positive.";
        }

        foreach (var setting in InitialSubProcessors)
        {
            string? problem = null;
            try
            {
                SubProcessorRules.Check(setting.ToSubProcessor());
            }
            catch (Grid.Errors.GridException e)
            {
                problem = $"Grid:Governance:InitialSubProcessors ({setting.Id}): {e.Message}";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }
}

/// <summary>A sub-processor as configuration lists it (see <see cref="SubProcessor"/>).</summary>
public sealed class SubProcessorSetting
{
    /// <summary>See <see cref="SubProcessor.Id"/>.</summary>
    public string Id { get; set; } = "";

    /// <summary>See <see cref="SubProcessor.Name"/>.</summary>
    public string Name { get; set; } = "";

    /// <summary>See <see cref="SubProcessor.Purpose"/>.</summary>
    public string Purpose { get; set; } = "";

    /// <summary>See <see cref="SubProcessor.Country"/>.</summary>
    public string Country { get; set; } = "";

    /// <summary>See <see cref="SubProcessor.DataCategories"/>.</summary>
    public List<string> DataCategories { get; set; } = [];

    /// <summary>See <see cref="SubProcessor.TransferSafeguard"/>.</summary>
    public string? TransferSafeguard { get; set; }

    /// <summary>See <see cref="SubProcessor.Service"/>.</summary>
    public SubProcessorService Service { get; set; }

    /// <summary>The contract shape.</summary>
    public SubProcessor ToSubProcessor() => new()
    {
        Id = Id, Name = Name, Purpose = Purpose, Country = Country, DataCategories = [.. DataCategories],
        TransferSafeguard = TransferSafeguard, Service = Service,
    };
}
