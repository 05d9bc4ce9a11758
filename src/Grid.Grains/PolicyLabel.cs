using System.Buffers;

namespace Grid.Grains;

/// <summary>
/// The Grid's short labels (a pause or redaction reason, a gap's cause, a line, a recorder instance): 1 to 64 characters
/// of a–z, 0–9, '-', '.' and '_', so they can never carry a name, a number or markup.
/// </summary>
public static class PolicyLabel
{
    private static readonly SearchValues<char> Characters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-._");

    /// <summary>True when <paramref name="value"/> is a label.</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 64 && !value.AsSpan().ContainsAnyExcept(Characters);
}
