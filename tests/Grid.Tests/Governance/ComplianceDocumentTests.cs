using System.Reflection;
using System.Text.RegularExpressions;

namespace Grid.Tests.Governance;

/// <summary>
/// docs/compliance.md cannot drift from the code: every obligation of the addendum has a row, every type or member a
/// row names exists, and every test it names is a test of this assembly.
/// </summary>
public sealed partial class ComplianceDocumentTests
{
    /// <summary>The addendum's obligations (sections and appendix) the document must account for.</summary>
    private static readonly string[] Obligations = [.. Enumerable.Range(1, 18).Select(i => $"DPA-{i}")];

    private static readonly Assembly[] GridAssemblies =
    [
        typeof(Grid.GridIds).Assembly, typeof(Grid.Grains.GridTime).Assembly, typeof(Grid.Security.GridSecurityOptions).Assembly,
        typeof(Grid.Crypto.Format.RecordingCipher).Assembly, typeof(Grid.Storage.RecordingStore).Assembly, typeof(Grid.Api.ApiProblem).Assembly,
        typeof(Grid.Hosting.GridSiloOptions).Assembly, typeof(Grid.Siprec.SrsRoutingOptions).Assembly,
    ];

    [Fact]
    public void Every_obligation_names_code_and_tests_that_exist()
    {
        var rows = Rows();
        var problems = new List<string>();
        foreach (var id in Obligations.Where(id => !rows.ContainsKey(id)))
        {
            problems.Add($"{id}: no row");
        }

        foreach (var (id, (status, code, tests)) in rows)
        {
            if (!status.StartsWith("kept", StringComparison.Ordinal) && !status.StartsWith("partly: ", StringComparison.Ordinal))
            {
                problems.Add($"{id}: status is 'kept' or 'partly: <what is missing>'");
            }

            problems.AddRange(code.Count == 0 ? [$"{id}: names no code"] : code.Where(c => !CodeExists(c)).Select(c => $"{id}: no type or member {c}"));
            problems.AddRange(tests.Count == 0 ? [$"{id}: names no test"] : tests.Where(t => !TestExists(t)).Select(t => $"{id}: no test {t}"));
        }

        Assert.True(problems.Count == 0, "docs/compliance.md is out of date:\n" + string.Join('\n', problems));
    }

    private static Dictionary<string, (string Status, List<string> Code, List<string> Tests)> Rows()
    {
        var document = File.ReadAllText(Path.Combine(Grid.Tests.Security.AuthorizationDocument.RepositoryRoot(), "docs", "compliance.md"));
        var start = document.IndexOf("<!-- obligations:begin -->", StringComparison.Ordinal);
        var end = document.IndexOf("<!-- obligations:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/compliance.md lacks its obligations markers.");
        var rows = new Dictionary<string, (string, List<string>, List<string>)>(StringComparer.Ordinal);
        foreach (var line in document[start..end].Split('\n').Where(l => l.StartsWith("| DPA-", StringComparison.Ordinal)))
        {
            var cells = line.Trim().Trim('|').Split(" | ");
            Assert.True(cells.Length == 5, $"A row has id | obligation | status | code | tests: {line}");
            rows.Add(cells[0].Trim(), (cells[2].Trim(), Names(cells[3]), Names(cells[4])));
        }

        return rows;
    }

    private static List<string> Names(string cell) => [.. Backticked().Matches(cell).Select(m => m.Groups[1].Value)];

    private static bool CodeExists(string name)
    {
        if (FindType(name) is not null)
        {
            return true;
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 && FindType(name[..dot]) is { } type
            && type.GetMember(name[(dot + 1)..], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Length > 0;
    }

    private static Type? FindType(string name) => GridAssemblies.Select(a => a.GetType(name)).FirstOrDefault(t => t is not null);

    private static bool TestExists(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && typeof(ComplianceDocumentTests).Assembly.GetTypes()
            .Where(t => t.Name == name[..dot])
            .SelectMany(t => t.GetMethods())
            .Any(m => m.Name == name[(dot + 1)..] && (m.GetCustomAttribute<FactAttribute>() is not null));
    }

    [GeneratedRegex("`([A-Za-z0-9_.]+)`")]
    private static partial Regex Backticked();
}
