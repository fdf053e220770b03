using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Chaos.Infrastructure;

/// <summary>
/// Turns the library's own log events into ledger lines, so the ledger records what the engine answered (an ack
/// recorded, a stale outcome refused by fencing, a retry scheduled, a dead letter), not what the handler hoped:
/// worker events 3 (completed), 4 (retrying), 5 (dead), 6 (lease lost), 8 (abandoned), 9 (released), 14 (not recorded);
/// scheduler events 2 (fired), 3 (caught up), 4 (already enqueued), 5 (skipped), 8 (tick failed).
/// </summary>
internal sealed class LedgerLoggerProvider(LedgerWriter ledger) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => categoryName switch
    {
        "Bananas.Tasks.Worker.BananasWorker" => new WorkerEvents(ledger),
        "Bananas.Tasks.Periodic.PeriodicScheduler" => new SchedulerEvents(ledger),
        _ => Ignore.Instance,
    };

    public void Dispose()
    {
    }

    private static string? Field(object? state, string name)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields) return null;
        foreach (var (key, value) in fields)
        {
            if (key != name) continue;
            return value switch
            {
                null => null,
                DateTimeOffset time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
        }
        return null;
    }

    private sealed class WorkerEvents(LedgerWriter ledger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var ev = eventId.Id switch
            {
                3 => "completed",
                4 => "failed",
                5 => "dead",
                6 => "lease-lost",
                8 => "abandoned",
                9 => "released",
                14 => "unrecorded",
                _ => null,
            };
            if (ev is null) return;
            ledger.Write(new LedgerEvent
            {
                Ev = ev,
                Id = Field(state, "JobId"),
                Task = Field(state, "Task"),
                Detail = ev is "completed" or "released" ? null : Field(state, "ErrorType") ?? Field(state, "Outcome") ?? Field(state, "Reason"),
            });
        }
    }

    private sealed class SchedulerEvents(LedgerWriter ledger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var ev = eventId.Id switch
            {
                2 => "cron-fired",
                3 => "cron-fired",
                4 => "cron-already",
                5 => "cron-skipped",
                7 => "cron-missed-earlier",
                8 => "cron-failed",
                _ => null,
            };
            if (ev is null) return;
            ledger.Write(new LedgerEvent
            {
                Ev = ev,
                Id = Field(state, "JobId"),
                Schedule = Field(state, "Schedule"),
                Occurrence = Field(state, "Occurrence") ?? Field(state, "First"),
                Detail = eventId.Id == 3 ? "caught-up" : exception?.GetType().Name,
            });
        }
    }

    private sealed class Ignore : ILogger
    {
        public static readonly Ignore Instance = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
