using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Grid.Sip.Sip.Transport;

/// <summary>
/// One TCP or TLS connection: a read loop that frames messages by Content-Length, a write loop that sends queued
/// messages in order, and an idle timer that closes the connection when nothing moved for the idle timeout and no
/// session holds it (<see cref="Hold"/>).
/// </summary>
internal sealed class SipStreamConnection : ISipChannel, IAsyncDisposable
{
    private const int MaxQueuedMessages = 1024;

    private readonly Stream _stream;
    private readonly SipTransportSettings _settings;
    private readonly ISipMessageSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<SipStreamConnection> _closed;
    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(MaxQueuedMessages) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _idleTimer;
    private long _lastActivityTicks;
    private int _holders;
    private int _closing;
    private Task _loops = Task.CompletedTask;

    public SipStreamConnection(Stream stream, string transport, IPEndPoint remote, IPEndPoint local, SipTransportSettings settings, ISipMessageSink sink, TimeProvider time, ILogger logger, Action<SipStreamConnection> closed)
    {
        _stream = stream;
        Transport = transport;
        RemoteEndPoint = remote;
        LocalEndPoint = local;
        _settings = settings;
        _sink = sink;
        _time = time;
        _logger = logger;
        _closed = closed;
        Touch();
        _idleTimer = time.CreateTimer(static s => ((SipStreamConnection)s!).CheckIdle(), this, settings.IdleTimeout, Timeout.InfiniteTimeSpan);
    }

    public string Transport { get; }

    public bool IsReliable => true;

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool IsOpen => Volatile.Read(ref _closing) == 0;

    /// <summary>Starts reading and writing.</summary>
    public void Start() => _loops = Task.WhenAll(Task.Run(ReadLoopAsync), Task.Run(WriteLoopAsync));

    public bool Send(SipMessage message)
    {
        if (!IsOpen)
        {
            return false;
        }

        if (!_outbox.Writer.TryWrite(message.ToBytes()))
        {
            // A peer that reads nothing while a thousand messages wait is gone or hostile: drop it.
            _ = CloseAsync();
            return false;
        }

        return true;
    }

    /// <summary>A session keeps the connection open past the idle timeout while it lives; dispose the result to let go.</summary>
    public IDisposable Hold()
    {
        Interlocked.Increment(ref _holders);
        return new Release(this);
    }

    /// <summary>Closes the connection (queued messages are sent first when possible).</summary>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        await _idleTimer.DisposeAsync().ConfigureAwait(false);
        _closed(this);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Closed under the loops.
        }

        _stop.Dispose();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _time.GetTimestamp());

    private void CheckIdle()
    {
        if (!IsOpen)
        {
            return;
        }

        var idleFor = _time.GetElapsedTime(Interlocked.Read(ref _lastActivityTicks));
        if (idleFor >= _settings.IdleTimeout && Volatile.Read(ref _holders) == 0)
        {
            SipLog.ConnectionIdle(_logger, Transport);
            _ = DisposeAsync().AsTask();
            return;
        }

        var next = idleFor >= _settings.IdleTimeout ? _settings.IdleTimeout : _settings.IdleTimeout - idleFor;
        _idleTimer.Change(next, Timeout.InfiniteTimeSpan);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[Math.Min(_settings.MaxMessageSize + 1, 16 * 1024)];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = new byte[Math.Min(buffer.Length * 2, _settings.MaxMessageSize + 4096)];
                    if (larger.Length <= buffer.Length)
                    {
                        // The framer reports TooLarge below before this can happen.
                        break;
                    }

                    buffer.AsSpan(0, filled).CopyTo(larger);
                    buffer = larger;
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(filled), _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                Touch();
                var consumed = 0;
                var keepReading = true;
                while (keepReading)
                {
                    var frame = SipStreamFramer.Next(buffer.AsSpan(consumed, filled - consumed), _settings.MaxMessageSize);
                    switch (frame.Kind)
                    {
                        case SipFrameKind.NeedMore:
                            keepReading = false;
                            break;
                        case SipFrameKind.KeepAlive:
                            consumed += frame.Length;
                            break;
                        case SipFrameKind.Message:
                            Dispatch(buffer.AsSpan(consumed, frame.Length));
                            consumed += frame.Length;
                            break;
                        default:
                            RefuseFrame(buffer.AsSpan(consumed, Math.Min(frame.Length, filled - consumed)), frame.Kind);
                            await CloseAsync().ConfigureAwait(false);
                            return;
                    }
                }

                if (consumed > 0)
                {
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // The peer went away.
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var bytes in _outbox.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await _stream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
                await _stream.FlushAsync(_stop.Token).ConfigureAwait(false);
                Touch();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
            SipLog.SendFailed(_logger, Transport, ex.GetType().Name);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);

            // The queue is drained (or the stream failed): nothing more can go out.
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> message)
    {
        try
        {
            SipInbound.Process(message, RemoteEndPoint, Transport, _settings, _sink, _ => this, this);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SipLog.HandlerFailed(_logger, Transport, ex);
        }
    }

    private void RefuseFrame(ReadOnlySpan<byte> head, SipFrameKind kind)
    {
        var (error, status, reason) = kind switch
        {
            SipFrameKind.TooLarge => (SipParseError.TooLarge, 513, "Message Too Large"),
            SipFrameKind.MissingContentLength => (SipParseError.BadContentLength, 400, "Content-Length required on stream transports"),
            _ => (SipParseError.BadContentLength, 400, "Malformed Content-Length"),
        };

        // The header section, read on its own, may still be answerable.
        var partial = SipParser.Parse(head, int.MaxValue);
        var request = partial.Message as SipRequest ?? partial.PartialRequest;
        var answered = false;
        if (request is not null && request.Method != SipMethods.Ack)
        {
            var answer = SipResponse.Create(request, status, reason);
            if (_settings.ServerHeader is not null)
            {
                answer.Headers.Add(SipHeaderNames.Server, _settings.ServerHeader);
            }

            answered = Send(answer);
        }

        _sink.OnMalformed(error, Transport, answered);
    }

    private sealed class Release(SipStreamConnection connection) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref connection._holders);
            }
        }
    }
}
