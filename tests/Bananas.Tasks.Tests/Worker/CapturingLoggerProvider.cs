using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>Keeps every formatted log line (any category, any level) so tests can assert what the worker said.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _lines = new();

    private readonly ConcurrentQueue<Exception> _exceptions = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => _lines.ToArray();

    /// <summary>The exceptions logged with any line, in order.</summary>
    public IReadOnlyList<Exception> Exceptions => _exceptions.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(_lines, _exceptions);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel, string)> lines, ConcurrentQueue<Exception> exceptions) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null) exceptions.Enqueue(exception);
            lines.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
