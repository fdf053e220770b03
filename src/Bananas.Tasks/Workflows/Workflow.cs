using Bananas.Tasks.Client;

namespace Bananas.Tasks.Workflows;

/// <summary>Builds and starts workflows: chains (<see cref="Step{T}.Then{TNext}"/>), groups with a join (<see cref="All{T}(Step{T}[])"/>).</summary>
public static class Workflow
{
    /// <summary>Most steps (compensations included) one workflow may have: every step is stored by one script call.</summary>
    public const int MaxSteps = 1000;

    /// <summary>Runs <paramref name="steps"/> in parallel; the group's <c>Then</c> gets the list of their results, in this order.</summary>
    public static StepGroup<T> All<T>(params Step<T>[] steps) => All((IEnumerable<Step<T>>)steps);

    /// <inheritdoc cref="All{T}(Step{T}[])"/>
    public static StepGroup<T> All<T>(IEnumerable<Step<T>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var list = steps.ToList();
        if (list.Count == 0) throw new ArgumentException("A group needs at least one step.", nameof(steps));
        if (list.Any(s => s is null)) throw new ArgumentException("A group's step is null.", nameof(steps));
        if (list.Select(s => s.Node).Distinct().Count() != list.Count) throw new ArgumentException("A group holds the same step twice; call the task twice for two steps.", nameof(steps));
        return new StepGroup<T>(list);
    }

    /// <summary>A step with all its arguments (generated <c>Call</c> methods use this).</summary>
    public static Step<T> Step<T>(string taskName, string payloadJson, JobOptions? options, Func<T, string> encodeResult, Func<string?, T> decodeResult)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskName);
        ArgumentNullException.ThrowIfNull(payloadJson);
        return new Step<T>(new StepNode { TaskName = taskName, PayloadJson = payloadJson, Options = options }, encodeResult, decodeResult);
    }

    /// <summary>
    /// A step whose parameter <paramref name="inputParameter"/> (its JSON name) takes the result of <paramref name="input"/>;
    /// <paramref name="payloadJson"/> holds the other arguments (generated <c>Call</c> methods use this).
    /// </summary>
    public static Step<T> Step<TInput, T>(IStepInput<TInput> input, string inputParameter, string taskName, string payloadJson, JobOptions? options, Func<T, string> encodeResult, Func<string?, T> decodeResult)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(inputParameter);
        ArgumentException.ThrowIfNullOrEmpty(taskName);
        ArgumentNullException.ThrowIfNull(payloadJson);
        return new Step<T>(new StepNode
        {
            TaskName = taskName,
            PayloadJson = payloadJson,
            Options = options,
            Parents = input.Sources,
            InputParameter = inputParameter,
            JoinsResults = input.Joins,
        }, encodeResult, decodeResult);
    }

    /// <summary>Starts the workflow that ends with <paramref name="final"/> through the host's default client.</summary>
    public static Task<WorkflowHandle<T>> StartAsync<T>(Step<T> final, WorkflowOptions? options = null, CancellationToken cancellationToken = default) =>
        BananasClient.RequireDefault().StartWorkflowAsync(final, options, cancellationToken);
}

/// <summary>Options of a started workflow.</summary>
public sealed record WorkflowOptions
{
    /// <summary>Its id; null: a new one. Starting twice with one id starts it once (the handle says <see cref="WorkflowHandle.AlreadyStarted"/>).</summary>
    public string? Id { get; init; }
    /// <summary>A name for people; null: the final step's task name.</summary>
    public string? Name { get; init; }
}
