namespace Bananas.Tasks.Workflows;

/// <summary>A workflow as an engine stores it (the Redis hash <c>{prefix}:wf:{id}</c>), with its steps' records.</summary>
public sealed record WorkflowRecord
{
    /// <summary>Identity.</summary>
    public required string Id { get; init; }
    /// <summary>A name for people (the final step's task name unless one was given).</summary>
    public required string Name { get; init; }
    /// <summary>Where it stands.</summary>
    public WorkflowStatus Status { get; init; }
    /// <summary>Its steps, compensations not counted.</summary>
    public int Total { get; init; }
    /// <summary>Steps finished: completed, or failed under <see cref="StepFailurePolicy.Continue"/>.</summary>
    public int Done { get; init; }
    /// <summary>Steps that failed (dead-lettered or cancelled), whatever their policy.</summary>
    public int Failed { get; init; }
    /// <summary>The step whose result is the workflow's result.</summary>
    public JobId FinalStep { get; init; }
    /// <summary>The step whose failure failed the workflow; null otherwise.</summary>
    public JobId? FailedStep { get; init; }
    /// <summary>When it was started.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When it completed, failed or was cancelled.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>The ids of its steps in the order they were given (parents before children), then its compensations.</summary>
    public IReadOnlyList<JobId> StepIds { get; init; } = [];
    /// <summary>The steps' records, in <see cref="StepIds"/> order; a step whose record expired is left out.</summary>
    public IReadOnlyList<JobRecord> Steps { get; init; } = [];
}

/// <summary>Where a workflow stands.</summary>
public enum WorkflowStatus
{
    /// <summary>Steps are queued, running or waiting for their parents.</summary>
    Running,
    /// <summary>Every step finished (completed, or failed under <see cref="StepFailurePolicy.Continue"/>).</summary>
    Completed,
    /// <summary>A step failed under <see cref="StepFailurePolicy.FailWorkflow"/> or <see cref="StepFailurePolicy.Compensate"/>.</summary>
    Failed,
    /// <summary>Cancelled by its id.</summary>
    Cancelled,
}

/// <summary>Wire names of <see cref="WorkflowStatus"/>.</summary>
public static class WorkflowStatusExtensions
{
    /// <summary>running | completed | failed | cancelled.</summary>
    public static string ToWireName(this WorkflowStatus status) => status switch
    {
        WorkflowStatus.Running => "running",
        WorkflowStatus.Completed => "completed",
        WorkflowStatus.Failed => "failed",
        WorkflowStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown workflow status."),
    };

    /// <summary>Parses a wire name; false for anything else.</summary>
    public static bool TryParse(string? text, out WorkflowStatus status)
    {
        (bool ok, status) = text switch
        {
            "running" => (true, WorkflowStatus.Running),
            "completed" => (true, WorkflowStatus.Completed),
            "failed" => (true, WorkflowStatus.Failed),
            "cancelled" => (true, WorkflowStatus.Cancelled),
            _ => (false, WorkflowStatus.Running),
        };
        return ok;
    }
}

/// <summary>What <see cref="IWorkflowEngine.CancelWorkflowAsync"/> did.</summary>
public enum WorkflowCancelOutcome
{
    /// <summary>No such workflow (or its record expired).</summary>
    NotFound,
    /// <summary>It was running: its waiting and queued steps are cancelled, its running steps signalled.</summary>
    Cancelled,
    /// <summary>It had already completed, failed or been cancelled: nothing changed.</summary>
    Finished,
}
