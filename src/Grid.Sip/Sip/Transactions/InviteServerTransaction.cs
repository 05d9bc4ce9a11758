using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Sip.Transactions;

/// <summary>
/// The INVITE server transaction (RFC 3261 §17.2.1 with RFC 6026's Accepted state). 100 Trying goes out at once. A 2xx
/// is retransmitted at T1, doubling up to T2, until the ACK arrives (the dialog hands it over with
/// <see cref="OnAckForSuccess"/>); without an ACK after 64*T1 the transaction gives up and reports it. A non-2xx is
/// retransmitted (unreliable transports, timer G) until its ACK is absorbed here (timer H gives up, timer I lingers
/// to absorb retransmitted ACKs). A CANCEL answers the INVITE 487 while no final response was sent.
/// </summary>
internal sealed class InviteServerTransaction : ServerTransaction
{
    private readonly Action<InviteServerTransaction> _ackTimeout;
    private readonly CancellationTokenSource _cancelled = new();
    private readonly TaskCompletionSource<bool> _acked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _retransmitTimer;
    private ITimer? _timeoutTimer;
    private ITimer? _lingerTimer;
    private TimeSpan _interval;
    private bool _ackReceived;

    public InviteServerTransaction(
        string key,
        SipRequest request,
        ISipChannel channel,
        TimeProvider time,
        SipTimerSettings timers,
        string? serverHeader,
        Action<ServerTransaction> terminated,
        Action<InviteServerTransaction> ackTimeout)
        : base(key, request, channel, time, timers, terminated)
    {
        _ackTimeout = ackTimeout;
        LocalTag = request.To?.Tag ?? SipTags.New();
        var trying = SipResponse.Create(request, 100);
        if (serverHeader is not null)
        {
            trying.Headers.Add(SipHeaderNames.Server, serverHeader);
        }

        SendProvisional(trying);
    }

    /// <summary>
    /// The tag this side puts in the To of its responses: the request's To tag for a re-INVITE, else a new one, chosen
    /// once so that the 487, the 200 to a CANCEL and a dialog's 2xx agree.
    /// </summary>
    public string LocalTag { get; }

    /// <summary>Cancelled when a CANCEL ended the transaction with 487 (the work behind it should stop).</summary>
    public CancellationToken CancellationToken => _cancelled.Token;

    /// <summary>Whether a CANCEL ended the transaction.</summary>
    public bool IsCancelled => _cancelled.IsCancellationRequested;

    /// <summary>Completes true when the ACK for a 2xx arrived (or the final response was not a 2xx), false when 64*T1 passed without it.</summary>
    public Task<bool> Acknowledged => _acked.Task;

    /// <summary>Answers 487 and signals cancellation when no final response was sent yet; false otherwise.</summary>
    public bool TryCancel(string? serverHeader)
    {
        var terminated = SipResponse.Create(Request, 487, toTag: LocalTag);
        if (serverHeader is not null)
        {
            terminated.Headers.Add(SipHeaderNames.Server, serverHeader);
        }

        if (!TrySendFinal(terminated))
        {
            return false;
        }

        _cancelled.Cancel();
        return true;
    }

    public override void OnRetransmission()
    {
        lock (Gate)
        {
            if (IsTerminated || LastResponse is null)
            {
                return;
            }

            // Proceeding: the provisional again. Accepted: the 2xx again until ACKed. Completed: the non-2xx again.
            // Confirmed (ACK seen): absorbed.
            if (!_ackReceived)
            {
                Channel.Send(LastResponse);
            }
        }
    }

    /// <summary>The ACK for a non-2xx final response (same branch): absorbed; retransmissions stop (state Confirmed).</summary>
    public void OnAckForFailure()
    {
        lock (Gate)
        {
            if (FinalResponse is null || FinalResponse.StatusCode < 300 || _ackReceived)
            {
                return;
            }

            _ackReceived = true;
            _retransmitTimer?.Dispose();
            _timeoutTimer?.Dispose();

            // Timer I: linger T4 on unreliable transports to absorb ACK retransmissions.
            _lingerTimer = StartTimer(Channel.IsReliable ? TimeSpan.Zero : Timers.T4, Terminate);
        }
    }

    /// <summary>The dialog's ACK for the 2xx: retransmissions stop; the transaction lingers until 64*T1 to absorb INVITE retransmissions.</summary>
    public bool OnAckForSuccess()
    {
        lock (Gate)
        {
            if (FinalResponse is null || FinalResponse.StatusCode >= 300 || _ackReceived)
            {
                return false;
            }

            _ackReceived = true;
            _retransmitTimer?.Dispose();
        }

        _acked.TrySetResult(true);
        return true;
    }

    protected override void OnFinalSent(SipResponse response)
    {
        _interval = Timers.T1;
        if (response.StatusCode < 300)
        {
            // RFC 3261 §13.3.1.4: the 2xx goes again at T1, 2T1... capped at T2, on every transport, until the ACK.
            _retransmitTimer = StartTimer(_interval, Retransmit);
            _timeoutTimer = StartTimer(Timers.Timeout64, OnSuccessTimeout);
            return;
        }

        // A failure needs no 2xx ACK: whoever waits for one is released.
        _acked.TrySetResult(true);
        if (!Channel.IsReliable)
        {
            _retransmitTimer = StartTimer(_interval, Retransmit);
        }

        _timeoutTimer = StartTimer(Timers.Timeout64, Terminate);
    }

    protected override void StopTimers()
    {
        lock (Gate)
        {
            _retransmitTimer?.Dispose();
            _timeoutTimer?.Dispose();
            _lingerTimer?.Dispose();
        }
    }

    private void Retransmit()
    {
        lock (Gate)
        {
            if (_ackReceived || IsTerminated || FinalResponse is null)
            {
                return;
            }

            Channel.Send(FinalResponse);
            _interval = Timers.Next(_interval);
            _retransmitTimer?.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnSuccessTimeout()
    {
        bool acked;
        lock (Gate)
        {
            acked = _ackReceived;
        }

        Terminate();
        if (!acked)
        {
            _acked.TrySetResult(false);
            _ackTimeout(this);
        }
    }
}
