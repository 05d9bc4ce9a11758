namespace Grid.Sip.Sip;

/// <summary>
/// The UAS side of a dialog (RFC 3261 §12): its id (Call-ID, local tag, remote tag), the remote target and route set
/// from the INVITE, and both CSeq spaces. Builds the requests this side sends in it (BYE). Not thread-safe: its session
/// serialises access.
/// </summary>
public sealed class SipDialog
{
    private readonly SipNameAddress _local;
    private readonly SipNameAddress _remote;

    private SipDialog(string callId, string localTag, string remoteTag, SipNameAddress local, SipNameAddress remote, SipUri remoteTarget, IReadOnlyList<string> routeSet, long remoteCSeq)
    {
        CallId = callId;
        LocalTag = localTag;
        RemoteTag = remoteTag;
        _local = local;
        _remote = remote;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        RemoteCSeq = remoteCSeq;
        LocalCSeq = 0;
    }

    /// <summary>The Call-ID.</summary>
    public string CallId { get; }

    /// <summary>This side's tag (the To tag of its responses).</summary>
    public string LocalTag { get; }

    /// <summary>The peer's tag (the From tag of its requests).</summary>
    public string RemoteTag { get; }

    /// <summary>Where requests to the peer go: the Contact of its INVITE (updated by a re-INVITE's Contact).</summary>
    public SipUri RemoteTarget { get; private set; }

    /// <summary>The Record-Route values of the INVITE, in order (RFC 3261 §12.1.1).</summary>
    public IReadOnlyList<string> RouteSet { get; }

    /// <summary>The highest CSeq number the peer used.</summary>
    public long RemoteCSeq { get; private set; }

    /// <summary>The last CSeq number this side used.</summary>
    public long LocalCSeq { get; private set; }

    /// <summary>The key that finds this dialog: Call-ID, local tag, remote tag.</summary>
    public string Key => KeyOf(CallId, LocalTag, RemoteTag);

    /// <summary>The dialog key of a request received in a dialog (its To tag is ours, its From tag theirs); null without both tags.</summary>
    public static string? KeyOf(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var local = request.To?.Tag;
        var remote = request.From?.Tag;
        return request.CallId is null || local is null || remote is null ? null : KeyOf(request.CallId, local, remote);
    }

    /// <summary>The UAS dialog an INVITE creates when answered 2xx with <paramref name="localTag"/>; null when the INVITE lacks a From tag or a usable Contact.</summary>
    public static SipDialog? FromInvite(SipRequest invite, string localTag)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentException.ThrowIfNullOrWhiteSpace(localTag);
        var from = invite.From;
        var to = invite.To;
        var cseq = invite.CSeq;
        var contacts = invite.Headers.GetAll(SipHeaderNames.Contact);
        var contact = contacts.Count == 1 ? SipNameAddress.TryParse(contacts[0]) : null;
        if (invite.CallId is null || from?.Tag is null || to is null || cseq is null || contact is null || contact.Uri.Scheme == "tel")
        {
            return null;
        }

        return new SipDialog(invite.CallId, localTag, from.Tag, to.WithTag(localTag), from, contact.Uri, invite.Headers.GetAll(SipHeaderNames.RecordRoute), cseq.Value.Number);
    }

    /// <summary>
    /// Checks a new in-dialog request's CSeq (not ACK or CANCEL): it must be above the last one (RFC 3261 §12.2.2;
    /// else 500). Accepted numbers become the new remote CSeq.
    /// </summary>
    public bool TryAcceptRemoteCSeq(long number)
    {
        if (number <= RemoteCSeq)
        {
            return false;
        }

        RemoteCSeq = number;
        return true;
    }

    /// <summary>A target refresh (re-INVITE, UPDATE) with a Contact moves the remote target.</summary>
    public void RefreshTarget(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contacts = request.Headers.GetAll(SipHeaderNames.Contact);
        if (contacts.Count == 1 && SipNameAddress.TryParse(contacts[0]) is { } contact && contact.Uri.Scheme != "tel")
        {
            RemoteTarget = contact.Uri;
        }
    }

    /// <summary>
    /// A request in this dialog (RFC 3261 §12.2.1.1), loose routing assumed: the Request-URI is the remote target, the
    /// route set goes into Route, From is this side with its tag, To the peer with theirs, the next local CSeq.
    /// </summary>
    public SipRequest CreateRequest(string method, SipVia via, string? userAgent)
    {
        ArgumentNullException.ThrowIfNull(via);
        var request = new SipRequest(method, RemoteTarget);
        request.Headers.Add(SipHeaderNames.Via, via.ToString());
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        foreach (var route in RouteSet)
        {
            request.Headers.Add(SipHeaderNames.Route, route);
        }

        request.Headers.Add(SipHeaderNames.From, _local.ToString());
        request.Headers.Add(SipHeaderNames.To, _remote.ToString());
        request.Headers.Add(SipHeaderNames.CallId, CallId);
        request.Headers.Add(SipHeaderNames.CSeq, new SipCSeq(++LocalCSeq, method).ToString());
        if (userAgent is not null)
        {
            request.Headers.Add(SipHeaderNames.UserAgent, userAgent);
        }

        return request;
    }

    /// <summary>Where the next request goes first: the first route (loose routing) or else the remote target.</summary>
    public SipUri NextHop => RouteSet.Count > 0 && SipNameAddress.TryParse(RouteSet[0]) is { } route ? route.Uri : RemoteTarget;

    private static string KeyOf(string callId, string localTag, string remoteTag) => callId + "|" + localTag + "|" + remoteTag;
}
