using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Sip.Transactions;

/// <summary>
/// The non-INVITE server transaction (RFC 3261 §17.2.2): a retransmitted request gets the last response again (none
/// while Trying); after the final response the transaction lingers 64*T1 (timer J) on unreliable transports, none on
/// reliable ones.
/// </summary>
internal sealed class NonInviteServerTransaction(
    string key,
    SipRequest request,
    ISipChannel channel,
    TimeProvider time,
    SipTimerSettings timers,
    Action<ServerTransaction> terminated)
    : ServerTransaction(key, request, channel, time, timers, terminated)
{
    private ITimer? _timerJ;

    public override void OnRetransmission()
    {
        lock (Gate)
        {
            if (!IsTerminated && LastResponse is not null)
            {
                Channel.Send(LastResponse);
            }
        }
    }

    protected override void OnFinalSent(SipResponse response) =>
        _timerJ = StartTimer(Channel.IsReliable ? TimeSpan.Zero : Timers.Timeout64, Terminate);

    protected override void StopTimers()
    {
        lock (Gate)
        {
            _timerJ?.Dispose();
        }
    }
}
