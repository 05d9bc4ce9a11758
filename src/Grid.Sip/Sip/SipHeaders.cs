using System.Collections;

namespace Grid.Sip.Sip;

/// <summary>
/// The header fields of a message in wire order. Names are compared case-insensitively and stored canonically (compact
/// forms expanded). A list header given as one comma-separated field by the parser is held as one field per value.
/// </summary>
public sealed class SipHeaders : IEnumerable<SipHeader>
{
    private readonly List<SipHeader> _fields = [];

    /// <summary>The number of fields.</summary>
    public int Count => _fields.Count;

    /// <summary>Appends a field.</summary>
    public void Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        _fields.Add(new SipHeader(SipHeaderNames.Canonicalize(name.Trim()), value.Trim()));
    }

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        foreach (var field in _fields)
        {
            if (string.Equals(field.Name, canonical, StringComparison.OrdinalIgnoreCase))
            {
                return field.Value;
            }
        }

        return null;
    }

    /// <summary>Every value of <paramref name="name"/> in order.</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var values = new List<string>();
        foreach (var field in _fields)
        {
            if (string.Equals(field.Name, canonical, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(field.Value);
            }
        }

        return values;
    }

    /// <summary>Whether a field named <paramref name="name"/> is present.</summary>
    public bool Contains(string name) => Get(name) is not null;

    /// <summary>Removes every field named <paramref name="name"/>; returns how many were removed.</summary>
    public int Remove(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        return _fields.RemoveAll(f => string.Equals(f.Name, canonical, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Replaces every field named <paramref name="name"/> by one with <paramref name="value"/> (at the first one's place, else appended).</summary>
    public void Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = _fields.FindIndex(f => string.Equals(f.Name, canonical, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            Add(canonical, value);
            return;
        }

        _fields[index] = new SipHeader(canonical, value.Trim());
        for (var i = _fields.Count - 1; i > index; i--)
        {
            if (string.Equals(_fields[i].Name, canonical, StringComparison.OrdinalIgnoreCase))
            {
                _fields.RemoveAt(i);
            }
        }
    }

    /// <summary>Replaces the first field named <paramref name="name"/> (the top Via, say); false when there is none.</summary>
    public bool ReplaceFirst(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = _fields.FindIndex(f => string.Equals(f.Name, canonical, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return false;
        }

        _fields[index] = new SipHeader(canonical, value.Trim());
        return true;
    }

    /// <summary>A copy of these fields.</summary>
    public SipHeaders Clone()
    {
        var copy = new SipHeaders();
        copy._fields.AddRange(_fields);
        return copy;
    }

    public IEnumerator<SipHeader> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
