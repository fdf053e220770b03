using Bananas.Tasks.Engine;
using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Worker;

/// <summary>What every loop of one worker shares: the engine, the options, the logger and the clock, and small helpers.</summary>
internal sealed class WorkerContext(IQueueEngine engine, BananasWorkerOptions options, ILogger logger, TimeProvider time)
{
    public IQueueEngine Engine { get; } = engine;
    public BananasWorkerOptions Options { get; } = options;
    public ILogger Logger { get; } = logger;
    public TimeProvider Time { get; } = time;
    public string WorkerId => Options.WorkerId;

    /// <summary>Outcomes counted for the throughput counters, written with each worker heartbeat.</summary>
    public ThroughputCounter Throughput { get; } = new(time);

    /// <summary>Sleeps; cancellation ends the sleep early without throwing.</summary>
    public async Task SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Backoff between attempts while the engine is unreachable: doubles, at most 5 s.</summary>
    public static TimeSpan NextBackoff(TimeSpan current) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, current.TotalMilliseconds * 2));

    public static void TryCancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the job settled concurrently; nothing left to cancel
        }
    }
}
