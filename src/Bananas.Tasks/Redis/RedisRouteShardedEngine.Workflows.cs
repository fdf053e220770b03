using Bananas.Tasks.Engine;
using Bananas.Tasks.Workflows;

namespace Bananas.Tasks.Redis;

/// <summary>
/// Workflows on the per-route layout: a workflow is stored, moved on and cancelled by one script, so all its steps (and
/// compensations) must be on one route, whose partition holds the workflow. Steps on several routes are refused before
/// anything is written, naming the routes (docs/scaling.md "One hash tag per route").
/// </summary>
public sealed partial class RedisRouteShardedEngine : IWorkflowEngine
{
    /// <inheritdoc/>
    public async Task<bool> StartWorkflowAsync(WorkflowSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var routes = submission.Steps.Select(s => s.RoutingKey).Distinct().ToList();
        if (routes.Count > 1)
            throw new NotSupportedException(
                $"Workflow '{submission.Name}' has steps on the routes {string.Join(", ", routes.Select(r => "'" + r.Value + "'"))}: on the per-route layout (REDIS_LAYOUT=cluster-per-route) each route is its own hash slot, and a workflow is moved on atomically in one slot, so all its steps must share one route. Give the steps one route (JobOptions.Route), or use the cluster layout (one slot per prefix), where workflows may span routes. See docs/scaling.md.");
        if (routes.Count == 0)
        {
            WorkflowSubmissionRules.Check(submission);
            return false;
        }
        var route = routes[0];
        foreach (var step in submission.Steps) CheckIdRoute(step, nameof(submission));
        await Global.EnsureLayoutAsync().ConfigureAwait(false);
        await RegisterAsync(route).ConfigureAwait(false);
        var started = await Partition(route).StartWorkflowAsync(submission, cancellationToken).ConfigureAwait(false);
        Remember(WorkflowLocator(submission.Id), route);
        foreach (var step in submission.Steps)
            if (!RouteJobIds.TryGetRoute(step.Id, out _)) Remember(step.Id.Value, route);
        return started;
    }

    /// <inheritdoc/>
    public async Task<WorkflowRecord?> GetWorkflowAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        return await LocateWorkflowAsync(workflowId).ConfigureAwait(false) is { } p ? await p.GetWorkflowAsync(workflowId, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc/>
    public async Task<WorkflowCancelOutcome> CancelWorkflowAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        // a workflow no partition holds: the route-less partition answers as an engine does for an unknown workflow
        var partition = await LocateWorkflowAsync(workflowId).ConfigureAwait(false) ?? Global;
        return await partition.CancelWorkflowAsync(workflowId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a workflow is remembered under (apart from job ids).</summary>
    private static string WorkflowLocator(string workflowId) => "wf\n" + workflowId;

    private async Task<RedisQueueEngine?> LocateWorkflowAsync(string workflowId)
    {
        if (_located.TryGetValue(WorkflowLocator(workflowId), out var seen)) return Partition(seen.Route);
        var routes = await KnownRoutesAsync(fresh: true).ConfigureAwait(false);
        if (await FirstExistingAsync(routes.Select(r => (r, workflowId, Partition(r).Keys.Workflow(workflowId))).ToList()).ConfigureAwait(false) is not { } found) return null;
        Remember(WorkflowLocator(workflowId), found.Route);
        return Partition(found.Route);
    }
}
