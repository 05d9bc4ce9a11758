using System.Globalization;

namespace Grid.Sip.Sip;

/// <summary>A SIP response.</summary>
public sealed class SipResponse : SipMessage
{
    /// <summary>A response with no headers yet; the reason phrase is sanitised (no controls) and defaults to the RFC's.</summary>
    public SipResponse(int statusCode, string? reasonPhrase = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        var reason = string.IsNullOrWhiteSpace(reasonPhrase) ? SipStatusCodes.DefaultReason(statusCode) : SipSyntax.Sanitize(reasonPhrase);
        ReasonPhrase = reason.Length == 0 ? SipStatusCodes.DefaultReason(statusCode) : reason;
    }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase.</summary>
    public string ReasonPhrase { get; }

    /// <summary>Whether this is a provisional (1xx) response.</summary>
    public bool IsProvisional => StatusCode < 200;

    public override string StartLine => "SIP/2.0 " + StatusCode.ToString(CultureInfo.InvariantCulture) + " " + ReasonPhrase;

    /// <summary>
    /// A response to <paramref name="request"/> as RFC 3261 §8.2.6.2 builds it: the Via values (in order), From, To,
    /// Call-ID and CSeq copied; a To tag added when <paramref name="toTag"/> is given and the To has none.
    /// </summary>
    public static SipResponse Create(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase);
        foreach (var via in request.Headers.GetAll(SipHeaderNames.Via))
        {
            response.Headers.Add(SipHeaderNames.Via, via);
        }

        CopyFirst(request, response, SipHeaderNames.From);
        var to = request.Headers.Get(SipHeaderNames.To);
        if (to is not null)
        {
            var parsed = SipNameAddress.TryParse(to);
            response.Headers.Add(SipHeaderNames.To, toTag is not null && parsed is not null && parsed.Tag is null ? parsed.WithTag(toTag).ToString() : to);
        }

        CopyFirst(request, response, SipHeaderNames.CallId);
        CopyFirst(request, response, SipHeaderNames.CSeq);
        return response;
    }

    private static void CopyFirst(SipRequest request, SipResponse response, string name)
    {
        var value = request.Headers.Get(name);
        if (value is not null)
        {
            response.Headers.Add(name, value);
        }
    }
}
