namespace Grid.Sip.Sip.Transactions;

/// <summary>Transaction matching (RFC 3261 §17.2.3 and §17.1.3).</summary>
internal static class TransactionKeys
{
    /// <summary>
    /// The server transaction a request belongs to: the branch (RFC 3261 magic cookie), sent-by and method, with ACK
    /// matched to its INVITE; <paramref name="method"/> overrides the method (a CANCEL looks for its INVITE). Requests
    /// without the magic cookie (RFC 2543 peers) are matched by Call-ID, From tag, CSeq number and top Via.
    /// </summary>
    public static string? Server(SipRequest request, string? method = null)
    {
        var via = request.TopVia;
        var cseq = request.CSeq;
        if (via is null || cseq is null)
        {
            return null;
        }

        method ??= request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method;
        var branch = via.Branch;
        if (branch is not null && branch.StartsWith(SipVia.MagicCookie, StringComparison.Ordinal))
        {
            return string.Join('|', branch, via.SentBy.ToLowerInvariant(), method);
        }

        return string.Join('|', "2543", request.CallId, request.From?.Tag, cseq.Value.Number, request.Headers.Get(SipHeaderNames.Via), method);
    }

    /// <summary>The client transaction a response belongs to: its top Via branch and CSeq method.</summary>
    public static string? Client(SipResponse response)
    {
        var branch = response.TopVia?.Branch;
        var cseq = response.CSeq;
        return branch is null || cseq is null ? null : Client(branch, cseq.Value.Method);
    }

    /// <summary>The key of a client transaction this stack started.</summary>
    public static string Client(string branch, string method) => branch + "|" + method;
}
