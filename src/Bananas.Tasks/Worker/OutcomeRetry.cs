namespace Bananas.Tasks.Worker;

/// <summary>
/// Retries recording an outcome (ack, failure) while the engine is unreachable (Redis down), for up to twice the
/// lease. Past that the lease has expired anyway and maintenance hands the job to another worker, so it is not lost;
/// the caller then reports the outcome as not recorded.
/// </summary>
internal sealed class OutcomeRetry(WorkerContext context, CancellationToken abortJobs)
{
    /// <summary>How long recording an outcome is retried: twice the lease, after which the lease has expired anyway.</summary>
    public TimeSpan GiveUpAfter => context.Options.LeaseDuration * 2;

    /// <summary>
    /// Calls the engine until it answers, the give-up time passes, or the shutdown timeout aborts jobs.
    /// <c>Recorded</c> is false when it gave up: then <c>Value</c> is meaningless (a default, never an answer).
    /// </summary>
    public async Task<(bool Recorded, T Value)> RunAsync<T>(Func<string> describe, Func<CancellationToken, Task<T>> call)
    {
        var giveUpAt = context.Time.GetUtcNow() + GiveUpAfter;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return (true, await call(CancellationToken.None).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (context.Time.GetUtcNow() >= giveUpAt || abortJobs.IsCancellationRequested)
                {
                    WorkerLog.EngineError(context.Logger, ex, context.WorkerId, describe() + " (giving up; the expired lease returns the job to its queue)", 0);
                    return (false, default!);
                }
                WorkerLog.EngineError(context.Logger, ex, context.WorkerId, describe(), (long)delay.TotalMilliseconds);
                await Task.Delay(delay, context.Time).ConfigureAwait(false);
                delay = WorkerContext.NextBackoff(delay);
            }
        }
    }

    /// <summary>Why an outcome was not recorded, for the log line.</summary>
    public string UnrecordedReason() => abortJobs.IsCancellationRequested
        ? "the worker is past its shutdown timeout and the queue engine did not answer"
        : $"the queue engine stayed unreachable for {GiveUpAfter.TotalMilliseconds:0} ms";
}
