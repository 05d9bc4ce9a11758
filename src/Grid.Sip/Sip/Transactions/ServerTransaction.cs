using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Sip.Transactions;

/// <summary>
/// A server transaction (RFC 3261 §17.2): the request, the channel its responses go back on, the last response sent
/// (resent when the request is retransmitted) and the timers, all on an injectable <see cref="TimeProvider"/>.
/// Thread-safe: every state change happens under one lock per transaction.
/// </summary>
internal abstract class ServerTransaction
{
    private readonly Action<ServerTransaction> _terminated;
    private int _terminatedOnce;

    protected ServerTransaction(string key, SipRequest request, ISipChannel channel, TimeProvider time, SipTimerSettings timers, Action<ServerTransaction> terminated)
    {
        Key = key;
        Request = request;
        Channel = channel;
        Time = time;
        Timers = timers;
        _terminated = terminated;
    }

    /// <summary>The matching key.</summary>
    public string Key { get; }

    /// <summary>The request that created the transaction.</summary>
    public SipRequest Request { get; }

    /// <summary>Where responses go.</summary>
    public ISipChannel Channel { get; }

    /// <summary>The final response sent, if any.</summary>
    public SipResponse? FinalResponse { get; private set; }

    protected object Gate { get; } = new();

    protected TimeProvider Time { get; }

    protected SipTimerSettings Timers { get; }

    protected SipResponse? LastResponse { get; set; }

    /// <summary>Whether a final response was sent.</summary>
    public bool HasFinalResponse
    {
        get
        {
            lock (Gate)
            {
                return FinalResponse is not null;
            }
        }
    }

    /// <summary>Sends a provisional response (1xx); ignored once a final response was sent.</summary>
    public void SendProvisional(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsProvisional)
        {
            throw new ArgumentException("A provisional response is 1xx.", nameof(response));
        }

        lock (Gate)
        {
            if (FinalResponse is not null)
            {
                return;
            }

            LastResponse = response;
            Channel.Send(response);
        }
    }

    /// <summary>Sends the final response; false (nothing sent) when one was already sent (a CANCEL answered 487 first, say).</summary>
    public bool TrySendFinal(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsProvisional)
        {
            throw new ArgumentException("A final response is 2xx-6xx.", nameof(response));
        }

        lock (Gate)
        {
            if (FinalResponse is not null)
            {
                return false;
            }

            // Timers first: the peer may answer (and a test clock move) as soon as the response is out.
            FinalResponse = response;
            LastResponse = response;
            OnFinalSent(response);
            Channel.Send(response);
            return true;
        }
    }

    /// <summary>The request arrived again: resend what the state calls for.</summary>
    public abstract void OnRetransmission();

    /// <summary>Called under the lock as the final response goes out (just before it is sent): start the state's timers.</summary>
    protected abstract void OnFinalSent(SipResponse response);

    /// <summary>Ends the transaction (once): its timers stop and it leaves the table.</summary>
    protected void Terminate()
    {
        if (Interlocked.Exchange(ref _terminatedOnce, 1) != 0)
        {
            return;
        }

        StopTimers();
        _terminated(this);
    }

    protected abstract void StopTimers();

    /// <summary>Whether the transaction has ended.</summary>
    public bool IsTerminated => Volatile.Read(ref _terminatedOnce) != 0;

    /// <summary>A one-shot timer that runs <paramref name="callback"/> after <paramref name="due"/>; zero runs it now (and returns null).</summary>
    protected ITimer? StartTimer(TimeSpan due, Action callback)
    {
        if (due <= TimeSpan.Zero)
        {
            callback();
            return null;
        }

        return Time.CreateTimer(static state => ((Action)state!)(), callback, due, Timeout.InfiniteTimeSpan);
    }
}
