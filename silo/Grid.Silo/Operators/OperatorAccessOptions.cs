namespace Grid.Silo.Operators;

/// <summary>Who may open the operators' views (configuration section <c>Grid:Operators</c>).</summary>
public sealed class OperatorAccessOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Operators";

    /// <summary>Hex SHA-256 of each operator bearer token (the tokens themselves live in the operators' secret store).</summary>
    public List<string> TokenSha256 { get; set; } = [];

    /// <summary>In the Development environment only, let anyone on the silo's HTTP endpoint in without a token.</summary>
    public bool AllowAnonymousInDevelopment { get; set; } = true;
}
