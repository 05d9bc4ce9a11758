using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Grid.Tests.Security;

/// <summary>
/// A connection middleware placed under TLS on a client: it copies every byte the client sends and receives on the
/// socket, exactly what a packet capture of the connection would hold.
/// </summary>
public sealed class WireTap
{
    private readonly MemoryStream bytes = new();

    public byte[] Captured()
    {
        lock (bytes)
        {
            return bytes.ToArray();
        }
    }

    public ConnectionDelegate Middleware(ConnectionDelegate next) => async context =>
    {
        var raw = context.Transport;
        var toApplication = new Pipe();
        var fromApplication = new Pipe();
        context.Transport = new DuplexPipe(toApplication.Reader, fromApplication.Writer);
        var inbound = PumpAsync(raw.Input, toApplication.Writer);
        var outbound = PumpAsync(fromApplication.Reader, raw.Output);
        try
        {
            await next(context);
        }
        finally
        {
            context.Transport = raw;
            await Task.WhenAll(inbound, outbound).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    };

    private async Task PumpAsync(PipeReader from, PipeWriter to)
    {
        try
        {
            while (true)
            {
                var result = await from.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    lock (bytes)
                    {
                        bytes.Write(segment.Span);
                    }

                    await to.WriteAsync(segment);
                }

                from.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or ConnectionResetException)
        {
            // The connection ended.
        }
        finally
        {
            await to.CompleteAsync();
            await from.CompleteAsync();
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
