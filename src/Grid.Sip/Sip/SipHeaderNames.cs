using System.Collections.Frozen;

namespace Grid.Sip.Sip;

/// <summary>
/// Header names the stack uses, the compact forms of RFC 3261 §7.3.3 (and later RFCs), and which headers are
/// comma-separated lists (RFC 3261 §7.3.1) that the parser splits into one field per value.
/// </summary>
public static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string MaxForwards = "Max-Forwards";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string ContentDisposition = "Content-Disposition";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string Allow = "Allow";
    public const string Accept = "Accept";
    public const string Supported = "Supported";
    public const string Require = "Require";
    public const string Unsupported = "Unsupported";
    public const string RetryAfter = "Retry-After";
    public const string Warning = "Warning";
    public const string Reason = "Reason";
    public const string Server = "Server";
    public const string UserAgent = "User-Agent";

    private static readonly FrozenDictionary<string, string> Compact = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = "Accept-Contact",
        ["b"] = "Referred-By",
        ["c"] = ContentType,
        ["d"] = "Request-Disposition",
        ["e"] = "Content-Encoding",
        ["f"] = From,
        ["i"] = CallId,
        ["j"] = "Reject-Contact",
        ["k"] = Supported,
        ["l"] = ContentLength,
        ["m"] = Contact,
        ["n"] = "Identity-Info",
        ["o"] = "Event",
        ["r"] = "Refer-To",
        ["s"] = "Subject",
        ["t"] = To,
        ["u"] = "Allow-Events",
        ["v"] = Via,
        ["x"] = "Session-Expires",
        ["y"] = "Identity",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> Known = new[]
    {
        Via, From, To, CallId, CSeq, Contact, MaxForwards, ContentLength, ContentType, ContentDisposition, Route,
        RecordRoute, Allow, Accept, Supported, Require, Unsupported, RetryAfter, Warning, Reason, Server, UserAgent,
        "Accept-Encoding", "Accept-Language", "Content-Encoding", "Content-Language", "Proxy-Require", "Allow-Events",
        "Session-Expires", "Min-SE", "Subject", "Event", "Refer-To", "Referred-By", "Date", "Timestamp", "Expires",
        "Organization", "Priority", "In-Reply-To", "Reply-To", "MIME-Version", "Call-Info", "Alert-Info", "Error-Info",
        "WWW-Authenticate", "Authorization", "Proxy-Authenticate", "Proxy-Authorization", "Min-Expires",
        "Accept-Contact", "Reject-Contact", "Request-Disposition", "Identity", "Identity-Info", "P-Asserted-Identity",
    }.ToFrozenDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Lists = new[]
    {
        Via, Route, RecordRoute, Contact, Allow, Accept, Supported, Require, Unsupported, "Proxy-Require",
        "Accept-Encoding", "Accept-Language", "Content-Encoding", "Content-Language", "Allow-Events", "In-Reply-To",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical long name of <paramref name="name"/>: compact forms expanded, known names in their RFC spelling.</summary>
    public static string Canonicalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 1 && Compact.TryGetValue(name, out var full))
        {
            return full;
        }

        return Known.TryGetValue(name, out var known) ? known : name;
    }

    /// <summary>Whether <paramref name="name"/> (canonical) is a comma-separated list header.</summary>
    public static bool IsList(string name) => Lists.Contains(name);
}
