using System.Text;

namespace Grid.Development.Sip;

/// <summary>How a SIPp run ended: the exit code (0 all calls succeeded, 1 a call failed, -2 killed past the guard) and its traces.</summary>
public sealed record SippResult(string Scenario, int ExitCode, string Messages, string Errors, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>A failure description with the traces (for the assertion message).</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append("SIPp ").Append(Scenario).Append(" exited ").Append(ExitCode).AppendLine();
        text.AppendLine("--- errors ---").AppendLine(Tail(Errors)).AppendLine("--- messages ---").AppendLine(Tail(Messages)).AppendLine("--- output ---").AppendLine(Tail(Output));
        return text.ToString();
    }

    private static string Tail(string text) => text.Length <= 12000 ? text : text[^12000..];
}
