using Microsoft.Extensions.Options;

namespace Bananas.Tasks.Worker;

/// <summary>Checks <see cref="BananasWorkerOptions"/> at start-up; every message names the setting, the value and the accepted form.</summary>
public sealed class BananasWorkerOptionsValidator : IValidateOptions<BananasWorkerOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BananasWorkerOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>All problems with the options (empty when valid).</summary>
    public static List<string> Check(BananasWorkerOptions options)
    {
        var errors = new List<string>();
        if (options.RoutingKeys is null || options.RoutingKeys.Count == 0)
            errors.Add("Worker RoutingKeys (WORKER_ROUTING_KEYS) is empty: expected a comma-separated list of routes such as 'gpu,default', each " + BananasRules.RoutingKeyForm + ".");
        else
        {
            foreach (var key in options.RoutingKeys)
            {
                var error = BananasRules.ValidateRoutingKey(key);
                if (error is not null) errors.Add($"Worker RoutingKeys (WORKER_ROUTING_KEYS) is not valid: the {error}.");
            }
            var duplicate = options.RoutingKeys.GroupBy(k => k, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) errors.Add($"Worker RoutingKeys (WORKER_ROUTING_KEYS) lists '{duplicate.Key}' twice: each route may appear once.");
        }
        if (options.Concurrency < 1 || options.Concurrency > 10_000)
            errors.Add($"Worker Concurrency (WORKER_CONCURRENCY) is {options.Concurrency}: expected a whole number from 1 to 10000.");
        foreach (var (route, limit) in options.RouteConcurrency ?? new())
        {
            if (limit < 1) errors.Add($"Worker RouteConcurrency (WORKER_ROUTE_CONCURRENCY) ['{route}'] is {limit}: expected 1 or more.");
            if (options.RoutingKeys is not null && !options.RoutingKeys.Contains(route))
                errors.Add($"Worker RouteConcurrency (WORKER_ROUTE_CONCURRENCY) names route '{route}', which the worker does not serve (routes: {string.Join(",", options.RoutingKeys)}).");
        }
        if (options.JobTimeout <= TimeSpan.Zero) errors.Add($"Worker JobTimeout (JOB_TIMEOUT) is {options.JobTimeout}: expected {Hosting.GoDuration.PositiveForm}.");
        if (options.TimeoutGrace < TimeSpan.Zero) errors.Add($"Worker TimeoutGrace is {options.TimeoutGrace}: expected zero or more.");
        if (options.LeaseDuration < TimeSpan.FromMilliseconds(30)) errors.Add($"Worker LeaseDuration is {options.LeaseDuration}: expected at least 30ms (default 30s).");
        if (options.IdlePollInterval <= TimeSpan.Zero) errors.Add($"Worker IdlePollInterval is {options.IdlePollInterval}: expected a positive duration.");
        if (options.MaintenanceInterval <= TimeSpan.Zero) errors.Add($"Worker MaintenanceInterval is {options.MaintenanceInterval}: expected a positive duration.");
        if (options.HeartbeatInterval <= TimeSpan.Zero) errors.Add($"Worker HeartbeatInterval is {options.HeartbeatInterval}: expected a positive duration (default 5s).");
        if (options.WorkerTtl <= options.HeartbeatInterval) errors.Add($"Worker WorkerTtl is {options.WorkerTtl}: expected more than HeartbeatInterval ({options.HeartbeatInterval}); default 30s.");
        if (options.FetchBatchSize < 1) errors.Add($"Worker FetchBatchSize is {options.FetchBatchSize}: expected 1 or more.");
        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
            errors.Add($"Worker retry backoff base {options.RetryBaseDelay} / max {options.RetryMaxDelay}: expected 0 <= base <= max.");
        if (options.RetryJitter is < 0 or > 1 || double.IsNaN(options.RetryJitter)) errors.Add($"Worker RetryJitter is {options.RetryJitter}: expected a fraction from 0 to 1.");
        if (string.IsNullOrWhiteSpace(options.WorkerId)) errors.Add("Worker WorkerId is empty.");
        return errors;
    }
}
