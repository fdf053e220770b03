using Bananas.Tasks.Client;

namespace Bananas.Tasks.Workflows;

/// <summary>Turns a described workflow (its final step's node graph) into the job records an engine stores.</summary>
internal static class WorkflowPlan
{
    public static WorkflowSubmission Build(BananasClient client, string workflowId, string name, StepNode final)
    {
        // Steps in an order where every parent comes before its children (depth-first, parents first).
        var order = new List<StepNode>();
        var state = new Dictionary<StepNode, bool>(); // false: being visited, true: placed
        var stack = new Stack<(StepNode Node, bool Expanded)>();
        stack.Push((final, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded)
            {
                state[node] = true;
                order.Add(node);
                continue;
            }
            if (state.ContainsKey(node)) continue;
            state[node] = false;
            stack.Push((node, true));
            for (int i = node.Parents.Count - 1; i >= 0; i--)
                if (!state.ContainsKey(node.Parents[i])) stack.Push((node.Parents[i], false));
            if (order.Count + stack.Count > Workflow.MaxSteps) break;
        }
        var compensations = order.Where(n => n.Compensation is not null).Select(n => n.Compensation!).Distinct().ToList();
        if (order.Count + compensations.Count > Workflow.MaxSteps || stack.Count > 0)
            throw new ArgumentException($"Workflow '{name}' has more than {Workflow.MaxSteps} steps (Workflow.MaxSteps): each workflow is stored by one call; split it, or let a step start the next workflow.");

        var ids = new Dictionary<StepNode, JobId>();
        foreach (var node in order.Concat(compensations)) ids[node] = JobId.New();
        var next = order.ToDictionary(n => n, _ => new List<WorkflowEdge>());
        foreach (var child in order)
            for (int i = 0; i < child.Parents.Count; i++) next[child.Parents[i]].Add(new WorkflowEdge(ids[child], i + 1));

        var steps = new List<JobRecord>(order.Count + compensations.Count);
        foreach (var node in order)
        {
            var link = new WorkflowStepLink
            {
                WorkflowId = workflowId,
                Dependencies = node.Parents.Count,
                Arity = node.Parents.Count,
                InputParameter = node.InputParameter,
                JoinsResults = node.JoinsResults,
                Next = next[node],
                OnFailure = node.OnFailure,
                FallbackJson = node.FallbackJson,
                Compensation = node.Compensation is { } c ? ids[c] : null,
            };
            steps.Add(Record(client, node, ids[node], link, node == final));
        }
        foreach (var node in compensations)
            steps.Add(Record(client, node, ids[node], new WorkflowStepLink { WorkflowId = workflowId, Dependencies = 1, IsCompensation = true }, false));
        return new WorkflowSubmission(workflowId, name, ids[final], steps);
    }

    private static JobRecord Record(BananasClient client, StepNode node, JobId id, WorkflowStepLink link, bool final)
    {
        if (Refused(node.Options) is { } what)
            throw new ArgumentException($"Workflow step '{node.TaskName}' sets {what}, which workflow steps do not take: a step is queued when its parents finish. Leave it unset on the step's options.");
        var job = client.CreateJob(node.TaskName, node.PayloadJson, node.Options);
        return job with
        {
            Id = id,
            Workflow = link,
            Status = link.Dependencies == 0 ? JobStatus.Pending : JobStatus.Waiting,
            WaitingOn = link.Dependencies == 0 ? null : "wf:" + link.WorkflowId,
            // The final step's result is the workflow's: kept for its waiter even at retention zero.
            NotifyResult = job.NotifyResult || final,
        };
    }

    private static string? Refused(JobOptions? o) => o switch
    {
        null => null,
        { Delay: not null } => "Delay",
        { RunAt: not null } => "RunAt",
        { JobId: not null } => "JobId",
        { Unique: not null and not UniqueScope.None } => "Unique",
        { SequenceKey: not null } => "SequenceKey",
        { Debounce: not null } => "Debounce",
        { Replace: true } => "Replace",
        _ => null,
    };
}
