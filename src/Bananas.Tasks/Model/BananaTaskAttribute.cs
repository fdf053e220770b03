namespace Bananas.Tasks;

/// <summary>
/// Marks a method as a background task. The Bananas.Tasks source generator emits a typed proxy
/// (named after the method), an AOT-safe argument codec and the worker registration.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class BananaTaskAttribute : Attribute
{
    /// <summary>Task name on the wire; default: the method name in snake_case (<c>ProcessImage</c> → <c>process_image</c>).</summary>
    public string? Name { get; set; }
    /// <summary>Name of the generated proxy type; default: the method name.</summary>
    public string? ProxyName { get; set; }
    /// <summary>Route; default <c>default</c>.</summary>
    public string Route { get; set; } = BananasRules.DefaultRoutingKey;
    /// <summary>Priority; default <see cref="Priority.Normal"/>.</summary>
    public Priority Priority { get; set; } = Priority.Normal;
    /// <summary>Retries after the first failure; -1 means the worker default (<c>MAX_RETRIES</c>, 3).</summary>
    public int MaxRetries { get; set; } = -1;
    /// <summary>Execution timeout in seconds; 0 means the worker default (<c>JOB_TIMEOUT</c>).</summary>
    public int TimeoutSeconds { get; set; }
    /// <summary>
    /// How long a completed job of this task is kept, in seconds: -1 (the default) for the process-wide setting
    /// (<c>KEEP_COMPLETED</c>, else <c>RESULT_TTL</c>); 0 deletes it at completion, like <c>removeOnComplete</c> (a job
    /// someone waits for is kept one minute). Dead jobs are never removed by it. Below -1: BNT008.
    /// </summary>
    public int KeepCompletedSeconds { get; set; } = -1;
    /// <summary>Cron expression (5 or 6 fields) for a periodic task; null for none.</summary>
    public string? Cron { get; set; }
    /// <summary>IANA or Windows time zone of <see cref="Cron"/>; default UTC.</summary>
    public string? TimeZone { get; set; }
    /// <summary>
    /// The constant arguments of every job of the <see cref="Cron"/> schedule: a JSON object keyed by parameter name
    /// (<c>CronArgs = """{"days":30}"""</c>). Default null: every job gets the parameters' default values, which
    /// then every parameter (other than a <c>CancellationToken</c>) must have. The analyzer checks it (BNT102).
    /// </summary>
    public string? CronArgs { get; set; }
    /// <summary>Description stored on each job.</summary>
    public string? Description { get; set; }
    /// <summary>
    /// Unique jobs: how long a second enqueue with the same unique key returns the existing job instead of creating one;
    /// default <see cref="UniqueScope.None"/>. The key is made from the parameters <see cref="UniqueBy"/> names.
    /// </summary>
    public UniqueScope Unique { get; set; }
    /// <summary>
    /// The parameters whose values make a unique job's key (<c>UniqueBy = new[] { nameof(orderId) }</c>); default null:
    /// all of them (but a <c>CancellationToken</c>). Each must be a parameter of the task with a stable text form.
    /// </summary>
    public string[]? UniqueBy { get; set; }
    /// <summary>
    /// With <see cref="UniqueScope.ForPeriod"/>, the period in seconds (required, positive). With the other scopes, an
    /// optional upper bound on how long the key is held (0: until the scope ends).
    /// </summary>
    public int UniqueForSeconds { get; set; }
    /// <summary>
    /// Rate limit (docs/flow-control.md "Rate limits"): at most this many jobs of the task start per
    /// <see cref="RatePeriodSeconds"/>, across all workers (<see cref="JobOptions.RateLimit"/>); default 0: none. A
    /// caller's own <see cref="JobOptions.RateLimit"/> wins. Starts must be at least 1 ms apart (BNT023).
    /// </summary>
    public int RateLimit { get; set; }
    /// <summary>The period of <see cref="RateLimit"/> in seconds, from 1 to 86400 (a day); default 1.</summary>
    public int RatePeriodSeconds { get; set; } = 1;
    /// <summary>
    /// The one parameter whose value partitions <see cref="RateLimit"/> (<c>PartitionBy = nameof(tenantId)</c>): each
    /// value has a limit of its own (<see cref="JobOptions.RateKey"/>). Default null: one limit for the task. It must be
    /// a parameter of the task with a stable text form (BNT017, BNT018).
    /// </summary>
    public string? PartitionBy { get; set; }
}

/// <summary>Declares the routes an assembly uses; the analyzer reports any other route (BNT002).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class BananaRoutesAttribute(params string[] routes) : Attribute
{
    /// <summary>The declared routes.</summary>
    public IReadOnlyList<string> Routes { get; } = routes;
}
