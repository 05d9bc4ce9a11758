namespace Grid.Governance;

/// <summary>What a sub-processor change does.</summary>
public enum SubProcessorChangeKind
{
    /// <summary>Adds a sub-processor.</summary>
    Add = 1,

    /// <summary>Replaces one sub-processor with another.</summary>
    Replace = 2,

    /// <summary>Removes a sub-processor.</summary>
    Remove = 3,
}
