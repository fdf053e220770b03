using Bananas.Tasks.Engine;
using Bananas.Tasks.Workflows;

namespace Bananas.Tasks.InMemory;

/// <summary>Workflows (docs/workflows.md), with the semantics of the Redis engine's workflow block in _common.lua.</summary>
public sealed partial class InMemoryQueueEngine : IWorkflowEngine
{
    private sealed class WorkflowState
    {
        public required string Name;
        public WorkflowStatus Status;
        public int Total, Done, Failed;
        public JobId Final;
        public JobId? FailedStep;
        public DateTimeOffset CreatedAt, UpdatedAt;
        public DateTimeOffset? CompletedAt, Expires;
        public required JobId[] StepIds;
        /// <summary>The steps that counted (completed, or continued on failure): each counts once (wf_counted on Redis).</summary>
        public readonly HashSet<JobId> Counted = new();
    }

    private readonly Dictionary<string, WorkflowState> _workflows = new(StringComparer.Ordinal);
    /// <summary>The results a waiting step has received so far, by parent position.</summary>
    private readonly Dictionary<JobId, string?[]> _stepInputs = new();

    /// <inheritdoc/>
    public Task<bool> StartWorkflowAsync(WorkflowSubmission submission, CancellationToken cancellationToken = default)
    {
        WorkflowSubmissionRules.Check(submission);
        List<Action> notices = new();
        lock (_gate)
        {
            PurgeExpiredLocked();
            var now = Now;
            PurgeWorkflowsLocked(now);
            if (_workflows.ContainsKey(submission.Id)) return Task.FromResult(false);
            if (submission.Steps.FirstOrDefault(s => _jobs.ContainsKey(s.Id)) is { } taken)
                throw new InvalidOperationException($"Workflow '{submission.Id}': step id {taken.Id} is taken by another job; nothing was stored.");
            _workflows[submission.Id] = new WorkflowState
            {
                Name = submission.Name,
                Status = WorkflowStatus.Running,
                Total = submission.Steps.Count(s => !s.Workflow!.IsCompensation),
                Final = submission.FinalStep,
                CreatedAt = now,
                UpdatedAt = now,
                StepIds = submission.Steps.Select(s => s.Id).ToArray(),
            };
            foreach (var step in submission.Steps)
            {
                var link = step.Workflow!;
                _routes.Add(step.RoutingKey);
                if (link.Arity > 0) _stepInputs[step.Id] = new string?[link.Arity];
                if (link.Dependencies == 0 && !link.IsCompensation)
                {
                    _jobs[step.Id] = step with { Status = JobStatus.Pending, WaitingOn = null, CreatedAt = now, UpdatedAt = now };
                    PushLocked(step.RoutingKey, step.Priority, step.Id, front: false, notices);
                }
                else
                {
                    _jobs[step.Id] = step with { Status = JobStatus.Waiting, WaitingOn = "wf:" + link.WorkflowId, CreatedAt = now, UpdatedAt = now };
                }
            }
        }
        Notify(notices);
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public Task<WorkflowRecord?> GetWorkflowAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        lock (_gate)
        {
            PurgeExpiredLocked();
            PurgeWorkflowsLocked(Now);
            if (!_workflows.TryGetValue(workflowId, out var wf)) return Task.FromResult<WorkflowRecord?>(null);
            return Task.FromResult<WorkflowRecord?>(new WorkflowRecord
            {
                Id = workflowId,
                Name = wf.Name,
                Status = wf.Status,
                Total = wf.Total,
                Done = wf.Done,
                Failed = wf.Failed,
                FinalStep = wf.Final,
                FailedStep = wf.FailedStep,
                CreatedAt = wf.CreatedAt,
                UpdatedAt = wf.UpdatedAt,
                CompletedAt = wf.CompletedAt,
                StepIds = wf.StepIds,
                Steps = wf.StepIds.Where(_jobs.ContainsKey).Select(id => _jobs[id]).ToArray(),
            });
        }
    }

    /// <inheritdoc/>
    public Task<WorkflowCancelOutcome> CancelWorkflowAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        List<Action> notices = new();
        lock (_gate)
        {
            PurgeExpiredLocked();
            var now = Now;
            PurgeWorkflowsLocked(now);
            if (!_workflows.TryGetValue(workflowId, out var wf)) return Task.FromResult(WorkflowCancelOutcome.NotFound);
            if (wf.Status != WorkflowStatus.Running) return Task.FromResult(WorkflowCancelOutcome.Finished);
            FinishWorkflowLocked(wf, WorkflowStatus.Cancelled, now);
            foreach (var id in wf.StepIds)
                if (_jobs.TryGetValue(id, out var step)) CancelJobLocked(step, now, notices);
        }
        Notify(notices);
        return Task.FromResult(WorkflowCancelOutcome.Cancelled);
    }

    /// <summary>A step completed (ack-n.lua's wf_step_done): the workflow counts it, and the steps it feeds get its result.</summary>
    private void StepCompletedLocked(JobRecord job, string? resultJson, DateTimeOffset now, List<Action> notices)
    {
        if (job.Workflow is not { } link || link.IsCompensation) return;
        var running = _workflows.TryGetValue(link.WorkflowId, out var wf) && wf.Status == WorkflowStatus.Running;
        if (link.Compensation is { } compensation) CancelStepTreeLocked(compensation, $"not needed: step {job.Id} ({job.Name}) completed", now, notices);
        // A step counts once: one that continued on failure, was requeued from the dead letter queue and then completed
        // has fed the steps after it already.
        if (wf is not null && !wf.Counted.Add(job.Id)) return;
        if (running) CountDoneLocked(wf!, now);
        foreach (var edge in link.Next)
        {
            if (running) FeedStepLocked(edge, string.IsNullOrEmpty(resultJson) ? "null" : resultJson, now, notices);
            else CancelStepTreeLocked(edge.Child, $"cancelled: workflow {link.WorkflowId} is {wf?.Status.ToWireName() ?? "gone"}", now, notices);
        }
    }

    /// <summary>A step failed for good, dead-lettered or cancelled (dead_letter's and cancel-2's wf_step_failed): its policy decides.</summary>
    private void StepFailedLocked(JobRecord job, DateTimeOffset now, List<Action> notices)
    {
        if (job.Workflow is not { } link || link.IsCompensation) return;
        var running = _workflows.TryGetValue(link.WorkflowId, out var wf) && wf.Status == WorkflowStatus.Running;
        if (wf is not null && wf.Counted.Contains(job.Id)) return; // it counted once already: its next steps were fed
        if (running)
        {
            wf!.Failed++;
            wf.UpdatedAt = now;
        }
        if (running && link.OnFailure == StepFailurePolicy.Continue)
        {
            wf!.Counted.Add(job.Id);
            CountDoneLocked(wf, now);
            foreach (var edge in link.Next) FeedStepLocked(edge, link.FallbackJson ?? "null", now, notices);
            return;
        }
        if (running)
        {
            wf!.FailedStep = job.Id;
            FinishWorkflowLocked(wf, WorkflowStatus.Failed, now);
        }
        var why = wf?.Status == WorkflowStatus.Cancelled
            ? $"cancelled: workflow {link.WorkflowId} was cancelled"
            : $"cancelled: workflow {link.WorkflowId} failed at step {job.Id} ({job.Name})";
        foreach (var edge in link.Next) CancelStepTreeLocked(edge.Child, why, now, notices);
        if (link.Compensation is { } compensation && _jobs.TryGetValue(compensation, out var comp) && comp.Status == JobStatus.Waiting)
        {
            _jobs[compensation] = comp with { Workflow = comp.Workflow! with { Dependencies = 0 } };
            WakeLocked(compensation, now, notices);
        }
    }

    private void CountDoneLocked(WorkflowState wf, DateTimeOffset now)
    {
        wf.Done++;
        wf.UpdatedAt = now;
        if (wf.Done >= wf.Total) FinishWorkflowLocked(wf, WorkflowStatus.Completed, now);
    }

    private void FinishWorkflowLocked(WorkflowState wf, WorkflowStatus status, DateTimeOffset now)
    {
        wf.Status = status;
        wf.UpdatedAt = now;
        wf.CompletedAt = now;
        wf.Expires = now + _resultTtl;
    }

    /// <summary>Hands a waiting step one parent's result; the last one queues it with its input spliced into its payload.</summary>
    private void FeedStepLocked(WorkflowEdge edge, string value, DateTimeOffset now, List<Action> notices)
    {
        if (!_jobs.TryGetValue(edge.Child, out var child) || child.Status != JobStatus.Waiting || child.Workflow is not { } link) return;
        if (_stepInputs.TryGetValue(child.Id, out var inputs) && edge.Index >= 1 && edge.Index <= inputs.Length) inputs[edge.Index - 1] = value;
        link = link with { Dependencies = link.Dependencies - 1 };
        if (link.Dependencies > 0)
        {
            _jobs[child.Id] = child with { Workflow = link, UpdatedAt = now };
            return;
        }
        _stepInputs.Remove(child.Id);
        var payload = link.InputParameter is { } parameter
            ? WorkflowInputs.Splice(child.Payload, parameter, WorkflowInputs.Value(inputs ?? [], link.JoinsResults))
            : child.Payload;
        if (payload is null)
        {
            var failed = child with { Workflow = link, Status = JobStatus.Failed, WaitingOn = null, Error = "its payload is not a JSON object, so the workflow input could not be added to it", ErrorType = "MalformedJobRecord" };
            DeadLetterLocked(failed with { ErrorHistory = WithError(failed, failed.ErrorType!, failed.Error!, now) }, now, TimeSpan.Zero, notices);
            return;
        }
        _jobs[child.Id] = child with { Workflow = link, Payload = payload };
        WakeLocked(child.Id, now, notices);
    }

    /// <summary>Cancels a waiting step and every waiting step under it (and their compensations): they can never run.</summary>
    private void CancelStepTreeLocked(JobId root, string why, DateTimeOffset now, List<Action> notices)
    {
        var stack = new Stack<JobId>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!_jobs.TryGetValue(id, out var step) || step.Status != JobStatus.Waiting) continue;
            _stepInputs.Remove(id);
            MarkCancelledLocked(step with { WaitingOn = null }, why, now, notices);
            if (step.Workflow is { } link)
            {
                foreach (var edge in link.Next) stack.Push(edge.Child);
                if (link.Compensation is { } compensation) stack.Push(compensation);
            }
        }
    }

    private void PurgeWorkflowsLocked(DateTimeOffset now)
    {
        if (_workflows.Count == 0) return;
        foreach (var (id, _) in _workflows.Where(w => w.Value.Expires <= now).ToList()) _workflows.Remove(id);
    }
}
