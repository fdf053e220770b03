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
}

/// <summary>Declares the routes an assembly uses; the analyzer reports any other route (BNT002).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class BananaRoutesAttribute(params string[] routes) : Attribute
{
    /// <summary>The declared routes.</summary>
    public IReadOnlyList<string> Routes { get; } = routes;
}
