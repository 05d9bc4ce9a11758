using Grid.Sip.Sip;
using Grid.Sip.Sip.Transactions;
using Grid.Sip.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Sip.Tests.Transactions;

public sealed class InviteServerTransactionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingTransactionUser _user = new();
    private readonly SipTransactionLayer _layer;

    public InviteServerTransactionTests()
    {
        _layer = new SipTransactionLayer(_time, SipTimerSettings.Default, "test-srs");
        _layer.Attach(_user);
    }

    [Fact]
    public void Invite_gets_100_Trying_at_once_and_goes_up_once()
    {
        var channel = new FakeChannel();

        _layer.OnRequest(SipText.Invite(), channel);

        Assert.Equal([100], channel.Statuses);
        Assert.Null(((SipResponse)channel.Sent[0]).To!.Tag);
        Assert.Equal("test-srs", channel.Sent[0].Headers.Get("Server"));
        Assert.Single(_user.Requests);
    }

    [Fact]
    public void Retransmitted_invite_gets_the_last_response_and_does_not_go_up_again()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Invite(), channel);

        _layer.OnRequest(SipText.Invite(), channel);

        Assert.Equal([100, 100], channel.Statuses);
        Assert.Single(_user.Requests);
    }

    [Fact]
    public async Task Success_is_retransmitted_at_T1_doubling_to_T2_until_the_ack()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Invite(), channel);
        var transaction = (InviteServerTransaction)_user.Requests[0];
        Assert.True(transaction.TrySendFinal(SipResponse.Create(transaction.Request, 200, toTag: transaction.LocalTag)));

        var sentAt = new List<double>();
        for (var ms = 0; ms < 12_000; ms += 50)
        {
            var before = channel.Statuses.Count;
            _time.Advance(TimeSpan.FromMilliseconds(50));
            if (channel.Statuses.Count > before)
            {
                sentAt.Add(ms + 50);
            }
        }

        // 500 ms, then +1 s, +2 s, +4 s, +4 s: at 0.5, 1.5, 3.5, 7.5, 11.5 s.
        Assert.Equal([500, 1500, 3500, 7500, 11500], sentAt);
        Assert.All(channel.Statuses.Skip(1), s => Assert.Equal(200, s));

        Assert.True(transaction.OnAckForSuccess());
        var afterAck = channel.Statuses.Count;
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(afterAck, channel.Statuses.Count);
        Assert.True(transaction.Acknowledged.IsCompletedSuccessfully);
        Assert.True(await transaction.Acknowledged);
    }

    [Fact]
    public async Task Success_without_ack_gives_up_after_64_T1()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Invite(), channel);
        var transaction = (InviteServerTransaction)_user.Requests[0];
        transaction.TrySendFinal(SipResponse.Create(transaction.Request, 200, toTag: transaction.LocalTag));

        _time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.False(transaction.Acknowledged.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.True(transaction.Acknowledged.IsCompleted);
        Assert.False(await transaction.Acknowledged);
        Assert.Equal([transaction], _user.AckTimeouts);
        Assert.Equal(0, _layer.ServerTransactionCount);
        var sent = channel.Statuses.Count;
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(sent, channel.Statuses.Count);
    }

    [Fact]
    public void Invite_retransmitted_after_the_ack_of_a_success_is_absorbed()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Invite(), channel);
        var transaction = (InviteServerTransaction)_user.Requests[0];
        transaction.TrySendFinal(SipResponse.Create(transaction.Request, 200, toTag: transaction.LocalTag));
        _layer.OnRequest(SipText.Invite(), channel);
        Assert.Equal([100, 200, 200], channel.Statuses);

        transaction.OnAckForSuccess();
        _layer.OnRequest(SipText.Invite(), channel);

        Assert.Equal([100, 200, 200], channel.Statuses);
        Assert.Single(_user.Requests);
    }

    [Fact]
    public void Failure_is_retransmitted_over_udp_until_its_ack_which_the_transaction_absorbs()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Invite(), channel);
        var transaction = (InviteServerTransaction)_user.Requests[0];
        transaction.TrySendFinal(SipResponse.Create(transaction.Request, 486, toTag: transaction.LocalTag));

        _time.Advance(TimeSpan.FromMilliseconds(500));
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal([100, 486, 486, 486], channel.Statuses);

        _layer.OnRequest(Ack(transaction), channel);
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal([100, 486, 486, 486], channel.Statuses);
        Assert.Empty(_user.Acks);
        Assert.Equal(1, _layer.ServerTransactionCount);

        // Timer I (T4) ends it.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, _layer.ServerTransactionCount);
    }

    [Fact]
    public void Failure_over_a_reliable_transport_is_not_retransmitted_and_ends_at_its_ack()
    {
        var channel = new FakeChannel(reliable: true, transport: "tcp");
        _layer.OnRequest(SipText.Invite(), channel);
        var transaction = (InviteServerTransaction)_user.Requests[0];
        transaction.TrySendFinal(SipResponse.Create(transaction.Request, 488, toTag: transaction.LocalTag));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([100, 488], channel.Statuses);

        _layer.OnRequest(Ack(transaction), channel);
        Assert.Equal(0, _layer.ServerTransactionCount);
    }

    [Fact]
    public void Failure_without_ack_gives_up_after_64_T1_timer_H()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Invite(), channel);
        var transaction = (InviteServerTransaction)_user.Requests[0];
        transaction.TrySendFinal(SipResponse.Create(transaction.Request, 403, toTag: transaction.LocalTag));

        _time.Advance(TimeSpan.FromSeconds(32));

        Assert.Equal(0, _layer.ServerTransactionCount);
        Assert.Empty(_user.AckTimeouts);
    }

    [Fact]
    public void Cancel_of_a_pending_invite_gets_200_and_the_invite_487_with_one_to_tag()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Invite(), channel);
        var invite = (InviteServerTransaction)_user.Requests[0];

        _layer.OnRequest(CancelOf(invite.Request), channel);

        Assert.Equal([100, 200, 487], channel.Statuses);
        var cancelOk = (SipResponse)channel.Sent[1];
        var terminated = (SipResponse)channel.Sent[2];
        Assert.Equal("CANCEL", cancelOk.CSeq!.Value.Method);
        Assert.Equal("INVITE", terminated.CSeq!.Value.Method);
        Assert.Equal(invite.LocalTag, cancelOk.To!.Tag);
        Assert.Equal(invite.LocalTag, terminated.To!.Tag);
        Assert.True(invite.IsCancelled);
        Assert.True(invite.CancellationToken.IsCancellationRequested);
        Assert.False(invite.TrySendFinal(SipResponse.Create(invite.Request, 200, toTag: invite.LocalTag)));
        Assert.Single(_user.Requests);
    }

    [Fact]
    public void Cancel_after_the_final_response_gets_200_and_changes_nothing()
    {
        var channel = new FakeChannel();
        _layer.OnRequest(SipText.Invite(), channel);
        var invite = (InviteServerTransaction)_user.Requests[0];
        invite.TrySendFinal(SipResponse.Create(invite.Request, 200, toTag: invite.LocalTag));

        _layer.OnRequest(CancelOf(invite.Request), channel);

        Assert.Equal([100, 200, 200], channel.Statuses);
        Assert.Equal("CANCEL", channel.Sent[2].CSeq!.Value.Method);
        Assert.False(invite.IsCancelled);
    }

    [Fact]
    public void Cancel_matching_no_transaction_gets_481()
    {
        var channel = new FakeChannel();

        _layer.OnRequest(CancelOf(SipText.Invite(branch: "z9hG4bK-nothing")), channel);

        Assert.Equal([481], channel.Statuses);
        Assert.Empty(_user.Requests);
    }

    [Fact]
    public void Ack_for_a_success_goes_to_the_user()
    {
        var channel = new FakeChannel();
        var ack = SipText.Request("""
            ACK sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-ack-2xx
            From: <sip:sbc@127.0.0.1>;tag=from-1
            To: <sip:srs@127.0.0.1>;tag=srs-1
            Call-ID: inv-1@example.test
            CSeq: 1 ACK
            Content-Length: 0


            """);

        _layer.OnRequest(ack, channel);

        Assert.Equal([ack], _user.Acks);
        Assert.Empty(channel.Sent);
    }

    private static SipRequest Ack(InviteServerTransaction transaction) => SipText.Request($"""
        ACK sip:srs@127.0.0.1 SIP/2.0
        Via: {transaction.Request.Headers.Get("Via")}
        From: {transaction.Request.Headers.Get("From")}
        To: <sip:srs@127.0.0.1>;tag={transaction.LocalTag}
        Call-ID: {transaction.Request.CallId}
        CSeq: {transaction.Request.CSeq!.Value.Number} ACK
        Content-Length: 0


        """);

    private static SipRequest CancelOf(SipRequest invite) => SipText.Request($"""
        CANCEL {invite.RequestUri} SIP/2.0
        Via: {invite.Headers.Get("Via")}
        From: {invite.Headers.Get("From")}
        To: {invite.Headers.Get("To")}
        Call-ID: {invite.CallId}
        CSeq: {invite.CSeq!.Value.Number} CANCEL
        Content-Length: 0


        """);
}
