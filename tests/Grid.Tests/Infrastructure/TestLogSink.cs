using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Grid.Tests.Infrastructure;

/// <summary>Captures every log line the test silos write (message and exception), to scan for plaintext.</summary>
public sealed class TestLogSink : ILoggerProvider
{
    public static TestLogSink Instance { get; } = new();

    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class SinkLogger(TestLogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            sink.lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
