namespace Bananas.Tasks;

/// <summary>
/// Tells the Bananas.Tasks source generator how to serialize task arguments and results whose types it does not
/// encode itself (anything other than strings, numbers, booleans, <see cref="Guid"/>, dates, <see cref="TimeSpan"/>
/// and enums): through the <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}"/> of a
/// <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>, which is trim- and Native-AOT-safe.
/// </summary>
/// <remarks>
/// <code>
/// [assembly: BananasJsonContext(typeof(AppJsonContext))]
///
/// [JsonSerializable(typeof(Thumbnail))]
/// [JsonSerializable(typeof(EmailMessage))]
/// internal partial class AppJsonContext : JsonSerializerContext;
/// </code>
/// A type listed directly with <c>[JsonSerializable]</c> is referenced at compile time
/// (<c>AppJsonContext.Default.Thumbnail</c>); any other type is looked up in the context at run time
/// (<see cref="System.Text.Json.Serialization.JsonSerializerContext.GetTypeInfo(Type)"/>), which also finds the
/// types the context reaches through properties. Set <see cref="AllowReflection"/> to fall back to reflection-based
/// serialization for types the context does not know (not trim- or AOT-safe; the default is off).
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class BananasJsonContextAttribute : Attribute
{
    /// <summary>Uses no context: only built-in types, or reflection when <see cref="AllowReflection"/> is set.</summary>
    public BananasJsonContextAttribute() { }

    /// <summary>Uses <paramref name="contextType"/>, a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> subclass with a generated <c>Default</c> instance.</summary>
    public BananasJsonContextAttribute(Type contextType) => ContextType = contextType;

    /// <summary>The context type, or null for none.</summary>
    public Type? ContextType { get; }

    /// <summary>
    /// True: a type the context does not know is serialized with reflection (<c>JsonSerializerOptions.Default</c>);
    /// this makes the app neither trim- nor AOT-safe. Default false: such a type throws an
    /// <see cref="InvalidOperationException"/> that names it.
    /// </summary>
    public bool AllowReflection { get; set; }
}
