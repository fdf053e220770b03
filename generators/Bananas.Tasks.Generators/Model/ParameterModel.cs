namespace Bananas.Tasks.Generators.Model;

/// <summary>One parameter of a task method.</summary>
/// <param name="Name">The parameter name as declared (without <c>@</c>): the payload property name.</param>
/// <param name="Value">Its type; null for a <c>CancellationToken</c>, which the worker supplies.</param>
/// <param name="DefaultValueLiteral">C# text of its default value when it is optional (<c>640</c>, <c>"jpeg"</c>, <c>null</c>), else null.</param>
internal sealed record ParameterModel(string Name, ValueModel? Value, string? DefaultValueLiteral)
{
    /// <summary>True for a <c>CancellationToken</c> parameter, which is not part of the payload.</summary>
    public bool IsCancellationToken => Value is null;

    /// <summary>True when the payload may omit it.</summary>
    public bool IsOptional => DefaultValueLiteral is not null;
}
