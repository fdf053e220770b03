namespace Bananas.Tasks.Worker;

/// <summary>
/// Settings of the hosted worker. Bound from the <c>Bananas:Worker</c> configuration section and from the Bananas
/// environment variables (<c>WORKER_ROUTING_KEYS</c>, <c>WORKER_CONCURRENCY</c>, <c>JOB_TIMEOUT</c>), which win.
/// </summary>
public sealed class BananasWorkerOptions
{
    /// <summary>Routes served, in serving order (<c>gpu,default</c> drains gpu:high, gpu:normal, gpu:low, default:high, …). Default <c>["default"]</c> (env <c>WORKER_ROUTING_KEYS</c>).</summary>
    public List<string> RoutingKeys { get; set; } = [BananasRules.DefaultRoutingKey];

    /// <summary>Most jobs running at once in this worker. Default: the processor count × 2, at least 4 (env <c>WORKER_CONCURRENCY</c>).</summary>
    public int Concurrency { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>Optional per-route limits (route → most jobs of that route at once), within <see cref="Concurrency"/>.</summary>
    public Dictionary<string, int> RouteConcurrency { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Timeout of a job that sets none. Default 5 minutes (env <c>JOB_TIMEOUT</c>, Go form such as <c>30s</c>, <c>5m</c>, <c>1h30m</c>).</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a handler that ignores cancellation may keep running past its timeout before the job is failed and its slot freed. Default 5 seconds.</summary>
    public TimeSpan TimeoutGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Lease length; the heartbeat renews it every <see cref="LeaseRenewInterval"/> (at most a third of it) while the
    /// job runs. A job whose worker was killed runs again once its lease expires: about LeaseDuration after the kill
    /// (every worker's maintenance wakes at the earliest lease deadline it has seen, and looks again at least every
    /// <see cref="MaintenanceInterval"/>; ≤ 11 s with the defaults). A live worker keeps its leases
    /// through a pause (GC, CPU starvation, SIGSTOP) shorter than LeaseDuration − LeaseRenewInterval (9 s with the
    /// defaults; deadlines are on the Redis server's clock, so clock skew between hosts does not shorten it). Default 10 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the heartbeat renews the leases of running jobs (capped at a third of <see cref="LeaseDuration"/>). Default 1 second.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Fallback poll while idle (wake-ups come through pub/sub). Default 5 seconds.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most time between maintenance rounds (promote due jobs, recover expired leases: one script call). A round wakes
    /// sooner at the due time of the earliest scheduled job, at the earliest lease deadline of any worker, or when a job
    /// is scheduled; so an idle worker sends one call per interval. Keep it at most half of <see cref="LeaseDuration"/>:
    /// then a lease that a killed worker stops renewing is seen before it expires and recovered at its deadline.
    /// Default 5 seconds.
    /// </summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the worker writes its registration (<c>{prefix}:worker:{id}</c>: routes, concurrency, in flight, last
    /// heartbeat) and its throughput counts, in one script call. Default 5 seconds.
    /// </summary>
    public TimeSpan RegistrationInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a registration lives without being rewritten: a worker that vanished leaves the listing within it. More than <see cref="RegistrationInterval"/>; default 30 seconds.</summary>
    public TimeSpan WorkerTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most jobs one fetch round trip takes when the queues are not backed up. Default 32. While fetches come back full (a backlog), the batch doubles, up to 256 (or this, when larger), and falls back here once one is not; never more than the free slots.</summary>
    public int FetchBatchSize { get; set; } = 32;

    /// <summary>Base of the retry backoff: the n-th retry waits base × 2^n. Default 1 second (Bananas: 2^attempts seconds).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest retry backoff. Default 1 hour.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Random extra delay as a fraction of the backoff (0 to 1). Default 0.1.</summary>
    public double RetryJitter { get; set; } = 0.1;

    /// <summary>
    /// Raise the process's thread-pool minimum to at least <see cref="Concurrency"/> + cores + 8 at start, so handlers
    /// that block threads (synchronous I/O, Thread.Sleep) do not wait for the pool's slow thread injection — and do not
    /// starve the Redis client, lease renewal and other jobs meanwhile. Process-wide; it never lowers the minimum. Default true.
    /// </summary>
    public bool RaiseThreadPoolMinimum { get; set; } = true;

    /// <summary>Identity of this worker in job records and leases. Default host:pid:random.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
}
