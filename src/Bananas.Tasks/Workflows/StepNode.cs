namespace Bananas.Tasks.Workflows;

/// <summary>
/// One step of a workflow being described, before it is started: the task call, the steps it takes its input from, and
/// its failure policy. Immutable: a policy method returns a new node, so build a step's policy before its children.
/// </summary>
internal sealed record StepNode
{
    public required string TaskName { get; init; }
    /// <summary>The payload without the input parameter (that one is filled from the parents' results when they finish).</summary>
    public required string PayloadJson { get; init; }
    public JobOptions? Options { get; init; }
    public IReadOnlyList<StepNode> Parents { get; init; } = [];
    public string? InputParameter { get; init; }
    public bool JoinsResults { get; init; }
    public StepFailurePolicy OnFailure { get; init; }
    public string? FallbackJson { get; init; }
    public StepNode? Compensation { get; init; }

    /// <summary>Two calls with the same arguments are two steps: a node is equal only to itself.</summary>
    public bool Equals(StepNode? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}

/// <summary>Something whose result feeds a step's first parameter: a <see cref="Step{T}"/> or a <see cref="StepGroup{T}"/>.</summary>
/// <typeparam name="T">The type it produces (covariant: a step producing a derived type feeds a parameter of its base).</typeparam>
public interface IStepInput<out T>
{
    /// <summary>The steps whose results make the input.</summary>
    internal IReadOnlyList<StepNode> Sources { get; }
    /// <summary>True for a group: the input is the list of its results.</summary>
    internal bool Joins { get; }
}

/// <summary>The result type of a step whose task returns nothing; its steps' input is JSON <c>null</c>.</summary>
public readonly record struct NoResult;
