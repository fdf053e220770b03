using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Periodic;

public sealed partial class PeriodicScheduler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "PeriodicSchedulerStarted", Level = LogLevel.Information,
            Message = "Periodic scheduler started: {Count} schedule(s), cron store {Store}, engine {Engine}")]
        public static partial void Started(ILogger logger, int count, string store, string engine);

        [LoggerMessage(EventId = 2, EventName = "PeriodicFired", Level = LogLevel.Information,
            Message = "Periodic schedule {Schedule} fired occurrence {Occurrence:o} as job {JobId} (task {Task})")]
        public static partial void Fired(ILogger logger, string schedule, DateTimeOffset occurrence, string jobId, string task);

        [LoggerMessage(EventId = 3, EventName = "PeriodicCaughtUp", Level = LogLevel.Information,
            Message = "Periodic schedule {Schedule} fired one catch-up job {JobId} for occurrence {Occurrence:o}, reached {Lateness} late (policy FireOnce)")]
        public static partial void CaughtUp(ILogger logger, string schedule, DateTimeOffset occurrence, string jobId, TimeSpan lateness);

        [LoggerMessage(EventId = 4, EventName = "PeriodicAlreadyEnqueued", Level = LogLevel.Debug,
            Message = "Periodic schedule {Schedule}: occurrence {Occurrence:o} was already enqueued as job {JobId} by another scheduler instance")]
        public static partial void AlreadyEnqueued(ILogger logger, string schedule, DateTimeOffset occurrence, string jobId);

        [LoggerMessage(EventId = 5, EventName = "PeriodicSkippedMissed", Level = LogLevel.Warning,
            Message = "Periodic schedule {Schedule} skipped occurrence {Occurrence:o}: reached {Lateness} late, past the misfire threshold {Threshold} (policy Skip); next occurrence {Next:o}")]
        public static partial void SkippedMissed(ILogger logger, string schedule, DateTimeOffset occurrence, TimeSpan lateness, TimeSpan threshold, DateTimeOffset? next);

        [LoggerMessage(EventId = 6, EventName = "PeriodicSkippedOverlap", Level = LogLevel.Information,
            Message = "Periodic schedule {Schedule} skipped occurrence {Occurrence:o}: the previous job {PreviousJobId} is still {Status} (overlap prevention)")]
        public static partial void SkippedOverlap(ILogger logger, string schedule, DateTimeOffset occurrence, string previousJobId, string status);

        [LoggerMessage(EventId = 7, EventName = "PeriodicMissedEarlier", Level = LogLevel.Warning,
            Message = "Periodic schedule {Schedule} missed its occurrences from {First:o} up to (not including) {Latest:o} past the misfire threshold; they are not fired, only the latest one of them is handled (policy Skip or FireOnce)")]
        public static partial void MissedEarlier(ILogger logger, string schedule, DateTimeOffset first, DateTimeOffset latest);

        [LoggerMessage(EventId = 8, EventName = "PeriodicTickFailed", Level = LogLevel.Error,
            Message = "Periodic schedule {Schedule} could not be handled; retrying in {RetryDelay}")]
        public static partial void TickFailed(ILogger logger, Exception exception, string schedule, TimeSpan retryDelay);

        [LoggerMessage(EventId = 9, EventName = "PeriodicNeverAgain", Level = LogLevel.Warning,
            Message = "Periodic schedule {Schedule} ('{Cron}' in {TimeZone}) has no further occurrence; it will not fire again")]
        public static partial void NeverAgain(ILogger logger, string schedule, string cron, string timeZone);

        [LoggerMessage(EventId = 10, EventName = "PeriodicProcessLocalStore", Level = LogLevel.Warning,
            Message = "Periodic scheduler runs on the {Engine} engine with a process-local cron store: each occurrence still gets one deterministic job id, but missed-occurrence tracking does not survive restarts or span processes. Register an ICronStore (builder.UseCronStore(sp => new RedisCronStore(connection, prefix))), or register the IConnectionMultiplexer so the Redis store is picked automatically.")]
        public static partial void ProcessLocalStore(ILogger logger, string engine);
    }
}
