using System.IO.Compression;
using System.Xml.Linq;

namespace Grid.Tests.Packaging;

/// <summary>What a <c>.nupkg</c> holds, read back as a package consumer sees it: its nuspec and its file entries.</summary>
public sealed class NuGetPackage
{
    private NuGetPackage(string file, XElement metadata, IReadOnlyList<string> entries, IReadOnlyDictionary<string, string> texts)
    {
        File = file;
        Metadata = metadata;
        Entries = entries;
        Texts = texts;
    }

    public string File { get; }

    /// <summary>The nuspec's <c>metadata</c> element.</summary>
    public XElement Metadata { get; }

    /// <summary>Every file in the package, by its path inside it.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The text of the package's markdown files, by path.</summary>
    public IReadOnlyDictionary<string, string> Texts { get; }

    public string Id => Value("id");

    public string Version => Value("version");

    /// <summary>The dependencies of the package's <c>net10.0</c> group: id and version as written.</summary>
    public IReadOnlyDictionary<string, string> Dependencies => Metadata
        .Elements().Single(e => e.Name.LocalName == "dependencies")
        .Elements().Single(g => g.Name.LocalName == "group" && (string?)g.Attribute("targetFramework") == "net10.0")
        .Elements().Where(d => d.Name.LocalName == "dependency")
        .ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!);

    /// <summary>The text of a metadata element (empty when absent).</summary>
    public string Value(string element) => Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == element)?.Value ?? string.Empty;

    /// <summary>An attribute of a metadata element (null when either is absent).</summary>
    public string? Attribute(string element, string attribute) =>
        (string?)Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == element)?.Attribute(attribute);

    public static NuGetPackage Read(string file)
    {
        using var zip = ZipFile.OpenRead(file);
        var nuspecs = zip.Entries.Where(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).ToList();
        if (nuspecs.Count != 1)
        {
            throw new InvalidDataException($"{file} has {nuspecs.Count} nuspec files at its root; a package has one.");
        }

        XDocument nuspec;
        using (var stream = nuspecs[0].Open())
        {
            nuspec = XDocument.Load(stream);
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".md", StringComparison.OrdinalIgnoreCase)))
        {
            using var reader = new StreamReader(entry.Open());
            texts[entry.FullName] = reader.ReadToEnd();
        }

        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return new NuGetPackage(file, metadata, [.. zip.Entries.Select(e => e.FullName)], texts);
    }
}
