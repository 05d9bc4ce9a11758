using System.Globalization;
using System.Text;

namespace Grid.Sip.Sip;

/// <summary>A SIP request or response: headers and body, with typed access to the headers every message has.</summary>
public abstract class SipMessage
{
    private byte[] _body = [];

    /// <summary>The header fields in order.</summary>
    public SipHeaders Headers { get; } = new();

    /// <summary>The body (empty when none).</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>The Call-ID, or null.</summary>
    public string? CallId => Headers.Get(SipHeaderNames.CallId);

    /// <summary>The From header, or null when absent or malformed.</summary>
    public SipNameAddress? From => SipNameAddress.TryParse(Headers.Get(SipHeaderNames.From));

    /// <summary>The To header, or null when absent or malformed.</summary>
    public SipNameAddress? To => SipNameAddress.TryParse(Headers.Get(SipHeaderNames.To));

    /// <summary>The CSeq, or null when absent or malformed.</summary>
    public SipCSeq? CSeq => SipCSeq.TryParse(Headers.Get(SipHeaderNames.CSeq));

    /// <summary>The top Via, or null when absent or malformed.</summary>
    public SipVia? TopVia => SipVia.TryParse(Headers.Get(SipHeaderNames.Via));

    /// <summary>The Content-Type value, or null.</summary>
    public string? ContentType => Headers.Get(SipHeaderNames.ContentType);

    /// <summary>Sets the body and its Content-Type (null content type removes the header: use only with an empty body).</summary>
    public void SetBody(string? contentType, ReadOnlySpan<byte> body)
    {
        _body = body.ToArray();
        if (contentType is null)
        {
            Headers.Remove(SipHeaderNames.ContentType);
        }
        else
        {
            Headers.Set(SipHeaderNames.ContentType, contentType);
        }
    }

    /// <summary>Sets a text body (UTF-8).</summary>
    public void SetBody(string contentType, string body) => SetBody(contentType, Encoding.UTF8.GetBytes(body));

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(_body);

    /// <summary>Every value of the list header <paramref name="name"/> (e.g. Require, Supported) as trimmed tokens.</summary>
    public IReadOnlyList<string> GetTokens(string name)
    {
        var tokens = new List<string>();
        foreach (var value in Headers.GetAll(name))
        {
            foreach (var part in SipSyntax.SplitList(value) ?? [])
            {
                tokens.Add(part);
            }
        }

        return tokens;
    }

    /// <summary>The start line (without CRLF).</summary>
    public abstract string StartLine { get; }

    /// <summary>
    /// The message as sent on the wire: start line, headers in order (long names), a Content-Length that is always the
    /// body's real length, the empty line, the body.
    /// </summary>
    public byte[] ToBytes()
    {
        var builder = new StringBuilder(256 + (Headers.Count * 48));
        builder.Append(StartLine).Append("\r\n");
        foreach (var header in Headers)
        {
            if (string.Equals(header.Name, SipHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            builder.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }

        builder.Append(SipHeaderNames.ContentLength).Append(": ").Append(_body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var headBytes = Encoding.UTF8.GetByteCount(builder.ToString());
        var bytes = new byte[headBytes + _body.Length];
        Encoding.UTF8.GetBytes(builder.ToString(), bytes);
        _body.CopyTo(bytes, headBytes);
        return bytes;
    }

    public override string ToString() => StartLine;
}
