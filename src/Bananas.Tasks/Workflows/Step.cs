namespace Bananas.Tasks.Workflows;

/// <summary>A step of a workflow, not yet started: a task call producing a result.</summary>
/// <remarks>
/// Made by a task's generated <c>Call(…)</c>. <c>Then</c> passes its result to the next step's first parameter, checked
/// by the compiler: <c>ProcessImage.Call(url, 640).Then(PublishThumbnail.Call)</c> compiles only when
/// <c>PublishThumbnail</c> takes the result's type first. Start the last step with <c>client.StartWorkflowAsync(step)</c>.
/// </remarks>
public abstract class WorkflowStep
{
    private protected WorkflowStep(StepNode node) => Node = node;

    internal StepNode Node { get; }

    /// <summary>The task this step calls.</summary>
    public string TaskName => Node.TaskName;
}

/// <inheritdoc cref="WorkflowStep"/>
public sealed class Step<T> : WorkflowStep, IStepInput<T>
{
    private readonly Func<T, string> _encodeResult;

    internal Step(StepNode node, Func<T, string> encodeResult, Func<string?, T> decodeResult) : base(node)
    {
        _encodeResult = encodeResult;
        DecodeResult = decodeResult;
    }

    internal Func<string?, T> DecodeResult { get; }

    IReadOnlyList<StepNode> IStepInput<T>.Sources => [Node];
    bool IStepInput<T>.Joins => false;

    /// <summary>The next step, given this step's result as its first argument (e.g. a task's <c>Call</c> method group).</summary>
    /// <exception cref="ArgumentException"><paramref name="next"/> built a step that does not take this step's result.</exception>
    public Step<TNext> Then<TNext>(Func<IStepInput<T>, Step<TNext>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var step = next(this) ?? throw new ArgumentException("The next step is null.", nameof(next));
        if (!step.Node.Parents.Contains(Node))
            throw new ArgumentException($"The step '{step.TaskName}' returned by Then does not take the result of '{TaskName}': pass the argument Then gives you as its first argument.", nameof(next));
        return step;
    }

    /// <summary>When this step fails for good, the workflow goes on: the steps it feeds get <paramref name="fallback"/> instead of its result.</summary>
    public Step<T> ContinueOnFailure(T fallback) =>
        new(Node with { OnFailure = StepFailurePolicy.Continue, FallbackJson = _encodeResult(fallback), Compensation = null }, _encodeResult, DecodeResult);

    /// <summary>
    /// When this step fails for good, <paramref name="compensation"/> runs (a step of its own, with its own arguments), the
    /// steps that depend on this one are cancelled and the workflow fails.
    /// </summary>
    public Step<T> CompensateWith(WorkflowStep compensation)
    {
        ArgumentNullException.ThrowIfNull(compensation);
        if (compensation.Node.Parents.Count > 0)
            throw new ArgumentException($"The compensation '{compensation.TaskName}' takes the result of another step; a compensation runs on its own: build it with its arguments only.", nameof(compensation));
        return new(Node with { OnFailure = StepFailurePolicy.Compensate, Compensation = compensation.Node, FallbackJson = null }, _encodeResult, DecodeResult);
    }
}

/// <summary>Steps that run in parallel; <see cref="Then{TNext}"/> passes the list of their results, in order, to one step.</summary>
public sealed class StepGroup<T> : IStepInput<IReadOnlyList<T>>
{
    private readonly StepNode[] _nodes;

    internal StepGroup(IReadOnlyList<Step<T>> steps) => _nodes = steps.Select(s => s.Node).ToArray();

    /// <summary>How many steps run in parallel.</summary>
    public int Count => _nodes.Length;

    IReadOnlyList<StepNode> IStepInput<IReadOnlyList<T>>.Sources => _nodes;
    bool IStepInput<IReadOnlyList<T>>.Joins => true;

    /// <summary>The step that joins the group: it gets the list of the group's results as its first argument.</summary>
    public Step<TNext> Then<TNext>(Func<IStepInput<IReadOnlyList<T>>, Step<TNext>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var step = next(this) ?? throw new ArgumentException("The next step is null.", nameof(next));
        if (!_nodes.All(step.Node.Parents.Contains))
            throw new ArgumentException($"The step '{step.TaskName}' returned by Then does not take the group's results: pass the argument Then gives you as its first argument.", nameof(next));
        return step;
    }
}
