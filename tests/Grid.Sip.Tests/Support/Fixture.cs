namespace Grid.Sip.Tests.Support;

/// <summary>The test project's fixture files (copied next to the assembly).</summary>
internal static class Fixture
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
