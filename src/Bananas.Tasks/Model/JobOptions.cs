namespace Bananas.Tasks;

/// <summary>Per-enqueue options. Anything left null takes the task's or the client's default.</summary>
public sealed record JobOptions
{
    /// <summary>Route; validated (<see cref="BananasRules.RoutingKeyForm"/>).</summary>
    public string? Route { get; init; }
    /// <summary>Priority within the route.</summary>
    public Priority? Priority { get; init; }
    /// <summary>Retries after the first failure.</summary>
    public int? MaxRetries { get; init; }
    /// <summary>Execution timeout for this job.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>Run no earlier than this long from now.</summary>
    public TimeSpan? Delay { get; init; }
    /// <summary>Run no earlier than this time (wins over <see cref="Delay"/>).</summary>
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>Free text for people.</summary>
    public string? Description { get; init; }
    /// <summary>Job id to use (idempotent enqueue: a second enqueue with the same id is a no-op).</summary>
    public JobId? JobId { get; init; }
    /// <summary>W3C traceparent to carry; defaults to the current Activity's.</summary>
    public string? TraceParent { get; init; }
}
