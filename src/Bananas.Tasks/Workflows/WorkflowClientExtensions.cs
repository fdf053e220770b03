using Bananas.Tasks.Client;

namespace Bananas.Tasks.Workflows;

/// <summary>Starts workflows through a client.</summary>
public static class WorkflowClientExtensions
{
    /// <summary>
    /// Starts the workflow that ends with <paramref name="final"/>: every step reachable from it is stored at once, the
    /// steps without parents are queued, and each other step is queued by its last parent's completion with their results.
    /// </summary>
    /// <exception cref="ArgumentException">The workflow has more than <see cref="Workflow.MaxSteps"/> steps, or a step's options use a feature steps do not take (a delay, a run-at time, a job id, unique, sequence or debounce settings).</exception>
    /// <exception cref="NotSupportedException">The client's engine does not store workflows.</exception>
    public static async Task<WorkflowHandle<T>> StartWorkflowAsync<T>(this IBananasClient client, Step<T> final, WorkflowOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(final);
        if (client.Engine is not IWorkflowEngine engine)
            throw new NotSupportedException($"The engine '{client.Engine.Name}' does not store workflows; the Redis and in-memory engines do.");
        if (client is not BananasClient concrete)
            throw new NotSupportedException("Workflows are started through BananasClient (the client AddBananas registers).");
        var id = options?.Id ?? Guid.NewGuid().ToString("D");
        if (!JobId.TryParse(id, out _)) throw new ArgumentException($"Workflow id '{id}' is not usable: expected 1-128 characters without whitespace.", nameof(options));
        var submission = WorkflowPlan.Build(concrete, id, options?.Name ?? final.TaskName, final.Node);
        var started = await engine.StartWorkflowAsync(submission, cancellationToken).ConfigureAwait(false);
        return new WorkflowHandle<T>(id, !started, client, engine, new JobHandle<T>(submission.FinalStep, client, final.DecodeResult));
    }
}
