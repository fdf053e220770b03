using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Bananas.Tasks.Json;

/// <summary>
/// Finds the <see cref="JsonTypeInfo{T}"/> of a task argument or result type for the generated codecs, from the
/// <see cref="JsonSerializerContext"/> registered with <see cref="BananasJsonContextAttribute"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskJsonTypeInfo
{
    /// <summary>The context's metadata for <typeparamref name="T"/>; throws naming the type and the fix when it has none.</summary>
    public static JsonTypeInfo<T> FromContext<T>(JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T> ?? throw NotInContext(typeof(T), context.GetType());
    }

    /// <summary>
    /// The context's metadata for <typeparamref name="T"/> when it has some, else reflection-based metadata
    /// (the user opted in with <see cref="BananasJsonContextAttribute.AllowReflection"/>).
    /// </summary>
    [RequiresUnreferencedCode("Reflection-based JSON serialization of task arguments (BananasJsonContext AllowReflection = true) may need types the trimmer removed. List the type in a JsonSerializerContext instead.")]
    [RequiresDynamicCode("Reflection-based JSON serialization of task arguments (BananasJsonContext AllowReflection = true) needs run-time code generation. List the type in a JsonSerializerContext instead.")]
    public static JsonTypeInfo<T> FromContextOrReflection<T>(JsonSerializerContext? context)
    {
        if (context?.GetTypeInfo(typeof(T)) is JsonTypeInfo<T> fromContext) return fromContext;
        return (JsonTypeInfo<T>)JsonSerializerOptions.Default.GetTypeInfo(typeof(T));
    }

    /// <summary>Always throws: no context is registered for a type the generator does not encode itself.</summary>
    public static JsonTypeInfo<T> Unregistered<T>() =>
        throw new InvalidOperationException(
            $"Bananas.Tasks cannot serialize {TaskJsonTypeNames.Display(typeof(T))}: no JsonSerializerContext is registered. "
            + $"Declare one that lists it ([JsonSerializable(typeof({TaskJsonTypeNames.Display(typeof(T))}))] on a partial class deriving from JsonSerializerContext) "
            + "and register it with [assembly: BananasJsonContext(typeof(YourJsonContext))].");

    private static InvalidOperationException NotInContext(Type type, Type contextType) =>
        new($"Bananas.Tasks cannot serialize {TaskJsonTypeNames.Display(type)}: the registered JsonSerializerContext {contextType.Name} has no metadata for it. "
            + $"Add [JsonSerializable(typeof({TaskJsonTypeNames.Display(type)}))] to {contextType.Name}.");
}
