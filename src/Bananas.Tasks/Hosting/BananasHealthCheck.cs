using Bananas.Tasks.Engine;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bananas.Tasks.Hosting;

/// <summary>
/// Healthy when the engine answers within the check's timeout; degraded when the dead letter queue holds more than
/// <see cref="BananasHealthCheckOptions.DeadJobsDegradedThreshold"/> jobs; unhealthy when the engine is unreachable.
/// Reports queue depths and the paused routes (data key <c>paused</c>, comma-separated; also named in the description) as data.
/// </summary>
public sealed class BananasHealthCheck(IQueueEngine engine, BananasHealthCheckOptions options) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        QueueDepths depths;
        IReadOnlyList<RoutingKey> paused = [];
        try
        {
            depths = await engine.GetQueueDepthsAsync(null, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            if (engine is IQueueEngineAdmin admin)
            {
                paused = await admin.GetPausedRoutesAsync(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
                Telemetry.BananasTelemetry.ObservePaused(engine, paused);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The {engine.Name} queue engine did not answer within {options.Timeout.TotalSeconds:0.##} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The {engine.Name} queue engine is unreachable: {ex.Message}", ex);
        }
        var data = new Dictionary<string, object>
        {
            ["engine"] = engine.Name,
            ["scheduled"] = depths.Scheduled,
            ["processing"] = depths.Processing,
            ["dead"] = depths.Dead,
        };
        foreach (var (route, depth) in depths.Routes) data[$"pending:{route}"] = depth.Total;
        data["paused"] = string.Join(",", paused);
        var pausedNote = paused.Count == 0 ? "" : $" Paused routes (not served): {string.Join(", ", paused)}.";
        if (depths.Dead > options.DeadJobsDegradedThreshold)
            return HealthCheckResult.Degraded($"{depths.Dead} jobs are in the dead letter queue (threshold {options.DeadJobsDegradedThreshold}).{pausedNote}", data: data);
        return HealthCheckResult.Healthy($"The {engine.Name} queue engine answers.{pausedNote}", data);
    }
}

/// <summary>Settings of <see cref="BananasHealthCheck"/>.</summary>
public sealed class BananasHealthCheckOptions
{
    /// <summary>Longest wait for the engine. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Dead jobs above which the check reports Degraded. Default: never (long.MaxValue).</summary>
    public long DeadJobsDegradedThreshold { get; set; } = long.MaxValue;
}
