namespace Bananas.Tasks.Generators.Model;

/// <summary>One parameter of a task method.</summary>
/// <param name="Name">The parameter name as declared (without <c>@</c>): the payload property name.</param>
/// <param name="Value">Its type; for an injected <c>IProgress&lt;T&gt;</c> the type of T; null for the other injected parameters.</param>
/// <param name="DefaultValueLiteral">C# text of its default value when it is optional (<c>640</c>, <c>"jpeg"</c>, <c>null</c>), else null.</param>
/// <param name="Role">How the worker fills it: from the payload, or injected (the job's CancellationToken, TaskContext or IProgress&lt;T&gt;), as <see cref="TaskShape"/> decides.</param>
/// <param name="IsSensitive">True when it is marked <c>[Sensitive]</c>: the registration records it so payload views redact it.</param>
/// <param name="OldNames">
/// The old payload property names of <c>[BananaArgument("old")]</c> that the decoder also reads into it (jobs queued before
/// a rename), as <see cref="TaskArgumentNames.OldNames"/> gives them; empty for none. New payloads use <paramref name="Name"/>.
/// </param>
internal sealed record ParameterModel(string Name, ValueModel? Value, string? DefaultValueLiteral, TaskParameterRole Role = TaskParameterRole.Payload, bool IsSensitive = false,
    EquatableArray<string> OldNames = default)
{
    /// <summary>True for a parameter the worker supplies (CancellationToken, TaskContext, IProgress&lt;T&gt;): not in the payload, not on the proxy.</summary>
    public bool IsInjected => Role != TaskParameterRole.Payload;

    /// <summary>True when the payload may omit it.</summary>
    public bool IsOptional => DefaultValueLiteral is not null;
}
