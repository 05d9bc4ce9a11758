namespace Grid.Grains.Calls;

/// <summary>The catalog and blind index (configuration section <c>Grid:Catalog</c>).</summary>
public sealed class CatalogOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Catalog";

    /// <summary>
    /// Country calling code for national phone numbers (one leading 0, no '+' or 00), e.g. <c>44</c>; empty treats
    /// them as written (user ids). Changing it later changes how national numbers written at call start are indexed.
    /// </summary>
    public string NationalPrefix { get; set; } = string.Empty;
}
