namespace Bananas.Tasks.Workflows;

/// <summary>
/// What makes a job a step of a workflow (hash fields <c>wf</c>, <c>wf_deps</c>, <c>wf_arity</c>, <c>wf_input</c>,
/// <c>wf_join</c>, <c>wf_next</c>, <c>wf_on_fail</c>, <c>wf_fallback</c>, <c>wf_comp</c>, <c>wf_role</c>; docs/workflows.md).
/// A step whose parents have not all finished waits (<see cref="JobStatus.Waiting"/>, waiting on <c>wf:{id}</c>); the
/// finishing script of its last parent hands it their results and queues it, in the same script.
/// </summary>
public sealed record WorkflowStepLink
{
    /// <summary>The workflow (its record is <c>{prefix}:wf:{id}</c>).</summary>
    public required string WorkflowId { get; init; }
    /// <summary>Parents not finished yet; 0 for a step that is queued (or done). A compensation step waits on 1.</summary>
    public int Dependencies { get; init; }
    /// <summary>How many parents feed this step (0 for a root); their results fill the input in parent order.</summary>
    public int Arity { get; init; }
    /// <summary>The JSON name of the parameter the parents' results go to; null when the results are not passed.</summary>
    public string? InputParameter { get; init; }
    /// <summary>True when the input is the list of all parents' results (a group's join), false for one parent's result.</summary>
    public bool JoinsResults { get; init; }
    /// <summary>The steps this one feeds, each with the position of this step's result in their input.</summary>
    public IReadOnlyList<WorkflowEdge> Next { get; init; } = [];
    /// <summary>What this step's failure (dead-lettered or cancelled) does to the workflow.</summary>
    public StepFailurePolicy OnFailure { get; init; }
    /// <summary>With <see cref="StepFailurePolicy.Continue"/>: the JSON the steps it feeds get instead of its result.</summary>
    public string? FallbackJson { get; init; }
    /// <summary>With <see cref="StepFailurePolicy.Compensate"/>: the step queued when this one fails.</summary>
    public JobId? Compensation { get; init; }
    /// <summary>True for a compensation step: it runs only when its step fails, and does not count in the workflow's total.</summary>
    public bool IsCompensation { get; init; }
}

/// <summary>An edge of a workflow: <paramref name="Child"/> gets this step's result at position <paramref name="Index"/> (1-based) of its input.</summary>
public readonly record struct WorkflowEdge(JobId Child, int Index);

/// <summary>What a step's failure does to its workflow.</summary>
public enum StepFailurePolicy
{
    /// <summary>The default: the workflow fails; the steps that depend on this one are cancelled.</summary>
    FailWorkflow = 0,
    /// <summary>The workflow goes on: the steps this one feeds get its fallback value instead of its result.</summary>
    Continue = 1,
    /// <summary>The workflow fails, the steps that depend on this one are cancelled, and its compensation step runs.</summary>
    Compensate = 2,
}
