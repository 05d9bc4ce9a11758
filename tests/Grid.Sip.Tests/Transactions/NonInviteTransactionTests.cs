using Grid.Sip.Sip;
using Grid.Sip.Sip.Transactions;
using Grid.Sip.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Sip.Tests.Transactions;

public sealed class NonInviteTransactionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingTransactionUser _user = new();
    private readonly SipTransactionLayer _layer;

    public NonInviteTransactionTests()
    {
        _layer = new SipTransactionLayer(_time, SipTimerSettings.Default, null);
        _layer.Attach(_user);
    }

    [Fact]
    public void Retransmission_before_the_answer_gets_nothing_and_after_it_the_cached_final()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Options(), channel);
        _layer.OnRequest(SipText.Options(), channel);
        Assert.Empty(channel.Sent);

        var transaction = _user.Requests.Single();
        var ok = SipResponse.Create(transaction.Request, 200, toTag: "t");
        Assert.True(transaction.TrySendFinal(ok));
        Assert.False(transaction.TrySendFinal(SipResponse.Create(transaction.Request, 500, toTag: "t")));
        _layer.OnRequest(SipText.Options(), channel);

        Assert.Equal([ok, ok], channel.Sent);
        Assert.Single(_user.Requests);
    }

    [Fact]
    public void Timer_J_keeps_the_transaction_64_T1_over_udp()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Options(), channel);
        _user.Requests.Single().TrySendFinal(SipResponse.Create(_user.Requests[0].Request, 200, toTag: "t"));

        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Equal(1, _layer.ServerTransactionCount);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(0, _layer.ServerTransactionCount);

        // The same request now is new.
        _layer.OnRequest(SipText.Options(), channel);
        Assert.Equal(2, _user.Requests.Count);
    }

    [Fact]
    public void Over_a_reliable_transport_the_transaction_ends_with_its_final_response()
    {
        var channel = new FakeChannel(reliable: true, transport: "tcp");
        _layer.OnRequest(SipText.Options(), channel);

        _user.Requests.Single().TrySendFinal(SipResponse.Create(_user.Requests[0].Request, 200, toTag: "t"));

        Assert.Equal(0, _layer.ServerTransactionCount);
    }

    [Fact]
    public void Requests_with_other_branches_are_other_transactions()
    {
        var channel = new FakeChannel();

        _layer.OnRequest(SipText.Options(branch: "z9hG4bK-a"), channel);
        _layer.OnRequest(SipText.Options(branch: "z9hG4bK-b"), channel);

        Assert.Equal(2, _user.Requests.Count);
    }

    [Fact]
    public void Rfc2543_requests_without_the_magic_cookie_are_matched_by_their_fields()
    {
        var channel = new FakeChannel();

        _layer.OnRequest(SipText.Options(branch: "old-style"), channel);
        _layer.OnRequest(SipText.Options(branch: "old-style"), channel);
        _layer.OnRequest(SipText.Options(branch: "old-style", cseq: 2), channel);

        Assert.Equal(2, _user.Requests.Count);
    }

    [Fact]
    public async Task Client_request_is_retransmitted_over_udp_and_completes_with_its_final_response()
    {
        var channel = new FakeChannel();
        var bye = Bye("z9hG4bK-client-1");

        var transaction = _layer.SendRequest(bye, channel);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, channel.Sent.Count);

        _layer.OnResponse(OkFor(bye));

        Assert.True(transaction.Completion.IsCompletedSuccessfully);
        Assert.Equal(200, (await transaction.Completion)!.StatusCode);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, channel.Sent.Count);
        Assert.Equal(0, _layer.ClientTransactionCount);
    }

    [Fact]
    public async Task Client_request_without_answer_times_out_after_64_T1()
    {
        var channel = new FakeChannel(reliable: true, transport: "tcp");

        var transaction = _layer.SendRequest(Bye("z9hG4bK-client-2"), channel);
        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.False(transaction.Completion.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Null(await transaction.Completion);
        Assert.Single(channel.Sent);
    }

    [Fact]
    public async Task Client_request_on_a_closed_channel_completes_with_null_at_once()
    {
        var channel = new FakeChannel { IsOpen = false };

        var transaction = _layer.SendRequest(Bye("z9hG4bK-client-3"), channel);

        Assert.Null(await transaction.Completion);
        Assert.Equal(0, _layer.ClientTransactionCount);
    }

    private static SipRequest Bye(string branch) => SipText.Request($"""
        BYE sip:sbc@127.0.0.1:5070 SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:5060;branch={branch};rport
        From: <sip:srs@127.0.0.1>;tag=srs
        To: <sip:sbc@127.0.0.1>;tag=sbc
        Call-ID: bye@x
        CSeq: 1 BYE
        Content-Length: 0


        """);

    private static SipResponse OkFor(SipRequest request)
    {
        var response = SipResponse.Create(request, 200);
        return Assert.IsType<SipResponse>(SipParser.Parse(response.ToBytes()).Message);
    }
}
