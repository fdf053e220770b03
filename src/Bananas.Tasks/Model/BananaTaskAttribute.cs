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
    /// With <see cref="RateLimit"/>, whose jobs share it (<see cref="JobOptions.RateScope"/>): the task's (the default,
    /// <see cref="LimitScope.Task"/>) or every route-scoped job of the task's route, whatever its task
    /// (<see cref="LimitScope.Route"/>). Without a rate limit it has no effect (BNT024).
    /// </summary>
    public LimitScope RateScope { get; set; }
    /// <summary>
    /// The one parameter whose value partitions <see cref="RateLimit"/> and <see cref="ConcurrencyLimit"/>
    /// (<c>PartitionBy = nameof(tenantId)</c>): each value has limits of its own (<see cref="JobOptions.RateKey"/>,
    /// <see cref="JobOptions.ConcurrencyKey"/>). Default null: one limit for the task. It must be a parameter of the task
    /// with a stable text form (BNT017, BNT018); without either limit it has no effect (BNT024).
    /// </summary>
    public string? PartitionBy { get; set; }
    /// <summary>
    /// Concurrency limit (docs/flow-control.md "Concurrency limits"): at most this many jobs of the task run at once
    /// across every worker and process (<see cref="JobOptions.ConcurrencyLimit"/>), one limit per value of
    /// <see cref="PartitionBy"/> when it is set; default 0: none. From 1 to 10000 (BNT025). A caller's own
    /// <see cref="JobOptions.ConcurrencyLimit"/> and <see cref="JobOptions.ConcurrencyKey"/> win.
    /// </summary>
    public int ConcurrencyLimit { get; set; }
    /// <summary>
    /// With <see cref="ConcurrencyLimit"/>, whose jobs share it (<see cref="JobOptions.ConcurrencyScope"/>): the task's
    /// (the default, <see cref="LimitScope.Task"/>) or every route-scoped job of the task's route
    /// (<see cref="LimitScope.Route"/>). Without a limit it has no effect (BNT027).
    /// </summary>
    public LimitScope ConcurrencyScope { get; set; }
    /// <summary>
    /// Sequences (docs/flow-control.md "Sequences"): the one parameter whose value keys a FIFO
    /// (<c>SequenceBy = nameof(accountId)</c>, <see cref="JobOptions.SequenceKey"/>): the task's jobs with the same value
    /// run one at a time, in enqueue order; other values run in parallel. Default null: no sequence. It must be a
    /// parameter of the task with a stable text form (BNT017, BNT018). A caller's own <see cref="JobOptions.SequenceKey"/> wins.
    /// </summary>
    public string? SequenceBy { get; set; }
    /// <summary>
    /// With <see cref="SequenceBy"/>, what a dead job holds (<see cref="JobOptions.SequenceHold"/>): by default
    /// (<see cref="Bananas.Tasks.SequenceHold.UntilCompletedOrDead"/>) the sequence moves on past it; with
    /// <see cref="Bananas.Tasks.SequenceHold.UntilCompleted"/> it waits until the job is requeued and succeeds, or is
    /// deleted. Without <see cref="SequenceBy"/> it has no effect (BNT027).
    /// </summary>
    public SequenceHold SequenceHold { get; set; }
    /// <summary>
    /// Debounce (docs/flow-control.md "Debounce and replace"), in seconds: an enqueue while a job of the task with the
    /// same debounce key (<see cref="DebounceBy"/>) is still scheduled replaces that job's arguments and pushes it back to
    /// this long from now, instead of creating a second job (<see cref="JobOptions.Debounce"/>); default 0: none. From 1
    /// to 31622400 (366 days; BNT025). Not with <see cref="Replace"/> or <see cref="Unique"/> (BNT026). A caller's own
    /// <see cref="JobOptions.Debounce"/> wins, and a call that sets <see cref="JobOptions.Replace"/> or
    /// <see cref="JobOptions.Unique"/> gets no debounce from the task.
    /// </summary>
    public int DebounceSeconds { get; set; }
    /// <summary>
    /// Replace: an enqueue while a job of the task with the same debounce key (<see cref="DebounceBy"/>) has not started
    /// replaces that job's arguments, its due time kept, instead of creating a second job (<see cref="JobOptions.Replace"/>);
    /// default false. Not with <see cref="DebounceSeconds"/> or <see cref="Unique"/> (BNT026). A call that sets its own
    /// <see cref="JobOptions.Debounce"/> or <see cref="JobOptions.Unique"/> gets no replace from the task.
    /// </summary>
    public bool Replace { get; set; }
    /// <summary>
    /// With <see cref="DebounceSeconds"/> or <see cref="Replace"/>, the parameters whose values make the debounce key
    /// (<c>DebounceBy = new[] { nameof(documentId) }</c>, <see cref="JobOptions.DebounceKey"/>); default null: one key for
    /// the task. Each must be a parameter of the task with a stable text form (BNT017, BNT018); without either setting
    /// it has no effect (BNT027).
    /// </summary>
    public string[]? DebounceBy { get; set; }
}

/// <summary>Declares the routes an assembly uses; the analyzer reports any other route (BNT002).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class BananaRoutesAttribute(params string[] routes) : Attribute
{
    /// <summary>The declared routes.</summary>
    public IReadOnlyList<string> Routes { get; } = routes;
}
