namespace Bananas.Tasks.Workflows;

/// <summary>
/// An engine that stores workflows (both built-in engines). A step is a job whose record carries its
/// <see cref="WorkflowStepLink"/>; the engine's finishing scripts pass results on and queue the next steps atomically with
/// the parent's completion, so a crash between two steps neither loses nor duplicates the next one.
/// </summary>
public interface IWorkflowEngine
{
    /// <summary>
    /// Stores the workflow and all its steps at once: the roots are queued, the others wait for their parents. False
    /// when a workflow with that id exists (nothing changed). Throws when a step's id is taken by another job.
    /// </summary>
    Task<bool> StartWorkflowAsync(WorkflowSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>The workflow with its steps' records; null when there is none (or it expired).</summary>
    Task<WorkflowRecord?> GetWorkflowAsync(string workflowId, CancellationToken cancellationToken = default);

    /// <summary>Cancels a running workflow: its waiting and queued steps fail as cancelled, its running steps are signalled.</summary>
    Task<WorkflowCancelOutcome> CancelWorkflowAsync(string workflowId, CancellationToken cancellationToken = default);
}

/// <summary>A workflow to store: its steps as job records (each with <see cref="JobRecord.Workflow"/> set), parents first.</summary>
/// <param name="Id">The workflow id.</param>
/// <param name="Name">A name for people.</param>
/// <param name="FinalStep">The step whose result is the workflow's result.</param>
/// <param name="Steps">Every step, parents before children, compensations last.</param>
public sealed record WorkflowSubmission(string Id, string Name, JobId FinalStep, IReadOnlyList<JobRecord> Steps);
