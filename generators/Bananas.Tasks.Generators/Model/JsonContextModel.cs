namespace Bananas.Tasks.Generators.Model;

/// <summary>The assembly's <c>[BananasJsonContext]</c> registration.</summary>
/// <param name="ContextTypeName">The context type, <c>global::</c>-qualified; null when none is registered.</param>
/// <param name="ListedTypes">Types listed directly with <c>[JsonSerializable]</c> on the context and the property STJ generates for each.</param>
/// <param name="AllowReflection">True: types the context lacks fall back to reflection-based serialization.</param>
internal sealed record JsonContextModel(string? ContextTypeName, EquatableArray<ListedJsonType> ListedTypes, bool AllowReflection)
{
    /// <summary>No registration: only built-in value kinds can be encoded.</summary>
    public static JsonContextModel None { get; } = new(null, EquatableArray<ListedJsonType>.Empty, false);
}

/// <summary>A type listed on the context and its generated property name.</summary>
internal sealed record ListedJsonType(string TypeName, string PropertyName);
