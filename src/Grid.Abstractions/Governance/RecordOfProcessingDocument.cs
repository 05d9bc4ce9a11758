using System.Globalization;
using System.Text;

namespace Grid.Governance;

/// <summary>Renders a <see cref="RecordOfProcessing"/> as Markdown for a data-protection officer.</summary>
public static class RecordOfProcessingDocument
{
    /// <summary>The Markdown document.</summary>
    /// <param name="record">The record.</param>
    /// <returns>Markdown text.</returns>
    public static string ToMarkdown(RecordOfProcessing record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var md = new StringBuilder();
        md.Append("# Record of processing — ").AppendLine(Cell(record.Controller))
            .AppendLine()
            .Append("Tenant `").Append(record.TenantId).Append("`, generated ")
            .Append(record.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))
            .AppendLine(" from the Grid's live configuration (GDPR Art. 30(2)).")
            .AppendLine();
        Table(md, "Contact points", record.Contacts);
        List(md, "Purposes", record.Purposes);
        List(md, "Categories of data", record.DataCategories);
        List(md, "Categories of data subjects", record.DataSubjectCategories);
        md.AppendLine("## Residency and retention").AppendLine()
            .Append("- Region: ").AppendLine(record.ResidencyRegion)
            .Append("- Default retention: ").Append(record.Retention?.DefaultDays.ToString(CultureInfo.InvariantCulture) ?? "-").AppendLine(" days")
            .Append("- Retention rules by category: ").AppendLine((record.Retention?.DaysByCategory.Count ?? 0).ToString(CultureInfo.InvariantCulture))
            .Append("- Legal holds in force: ").AppendLine(record.ActiveHolds.ToString(CultureInfo.InvariantCulture))
            .AppendLine();
        md.AppendLine("## Sub-processors").AppendLine()
            .AppendLine("| Id | Name | Purpose | Country | Data | Safeguard |").AppendLine("|---|---|---|---|---|---|");
        foreach (var s in record.SubProcessors)
        {
            md.Append("| ").AppendJoin(" | ", s.Id, Cell(s.Name), Cell(s.Purpose), s.Country, Cell(string.Join(", ", s.DataCategories)), Cell(s.TransferSafeguard ?? "none needed")).AppendLine(" |");
        }

        md.AppendLine();
        List(md, "Routed around after an objection", [.. record.RoutedAround.Select(s => $"{s.Id} ({s.Name}, {s.Country})")]);
        Table(md, "Security measures in force", record.SecurityMeasures);
        List(md, "Transfers", record.Transfers);
        md.AppendLine("## Incidents").AppendLine().AppendLine(record.Incidents).AppendLine();
        md.AppendLine("## DPIA input: risks and the measures in force").AppendLine();
        foreach (var risk in record.Risks)
        {
            md.Append("### ").AppendLine(risk.Risk).AppendLine();
            foreach (var measure in risk.Measures)
            {
                md.Append("- ").AppendLine(measure);
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static void List(StringBuilder md, string title, IReadOnlyList<string> items)
    {
        md.Append("## ").AppendLine(title).AppendLine();
        if (items.Count == 0)
        {
            md.AppendLine("- none");
        }

        foreach (var item in items)
        {
            md.Append("- ").AppendLine(item);
        }

        md.AppendLine();
    }

    private static void Table(StringBuilder md, string title, IReadOnlyDictionary<string, string> rows)
    {
        md.Append("## ").AppendLine(title).AppendLine().AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (key, value) in rows)
        {
            md.Append("| ").Append(Cell(key)).Append(" | ").Append(Cell(value)).AppendLine(" |");
        }

        md.AppendLine();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
