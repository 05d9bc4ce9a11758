using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Sip.Transactions;

/// <summary>
/// The non-INVITE client transaction (RFC 3261 §17.1.2) for the requests the server sends (BYE): on unreliable
/// transports the request is retransmitted (timer E: T1 doubling up to T2, T2 once a provisional arrived); 64*T1
/// without a final response (timer F) completes <see cref="Completion"/> with null.
/// </summary>
internal sealed class NonInviteClientTransaction
{
    private readonly object _gate = new();
    private readonly ISipChannel _channel;
    private readonly SipTimerSettings _timers;
    private readonly Action<NonInviteClientTransaction> _terminated;
    private readonly TaskCompletionSource<SipResponse?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private ITimer? _timerE;
    private ITimer? _timerF;
    private TimeSpan _interval;
    private bool _done;

    public NonInviteClientTransaction(string key, SipRequest request, ISipChannel channel, TimeProvider time, SipTimerSettings timers, Action<NonInviteClientTransaction> terminated)
    {
        Key = key;
        Request = request;
        _channel = channel;
        _time = time;
        _timers = timers;
        _terminated = terminated;
        _interval = timers.T1;
    }

    /// <summary>Sends the request and starts timers E and F (call once, after the transaction can be matched).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (!_channel.Send(Request))
            {
                _done = true;
            }
            else
            {
                if (!_channel.IsReliable)
                {
                    _timerE = _time.CreateTimer(static s => ((NonInviteClientTransaction)s!).Retransmit(), this, _interval, Timeout.InfiniteTimeSpan);
                }

                _timerF = _time.CreateTimer(static s => ((NonInviteClientTransaction)s!).Complete(null), this, _timers.Timeout64, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        _terminated(this);
        _completion.TrySetResult(null);
    }

    /// <summary>The matching key.</summary>
    public string Key { get; }

    /// <summary>The request.</summary>
    public SipRequest Request { get; }

    /// <summary>The final response, or null when none came within 64*T1 (or the channel was closed).</summary>
    public Task<SipResponse?> Completion => _completion.Task;

    /// <summary>A response matched this transaction.</summary>
    public void OnResponse(SipResponse response)
    {
        if (response.IsProvisional)
        {
            lock (_gate)
            {
                _interval = _timers.T2;
            }

            return;
        }

        Complete(response);
    }

    private void Retransmit()
    {
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            _channel.Send(Request);
            _interval = _timers.Next(_interval);
            _timerE?.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void Complete(SipResponse? response)
    {
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            _done = true;
            _timerE?.Dispose();
            _timerF?.Dispose();
        }

        _terminated(this);
        _completion.TrySetResult(response);
    }
}
