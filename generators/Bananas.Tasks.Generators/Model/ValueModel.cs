namespace Bananas.Tasks.Generators.Model;

/// <summary>The type of one argument or of the result, as the emitters need it.</summary>
/// <param name="Kind">How the value is encoded.</param>
/// <param name="TypeName">The declared type, <c>global::</c>-qualified, with <c>?</c> when it is nullable (<c>global::Media.Thumbnail?</c>, <c>int?</c>).</param>
/// <param name="CoreTypeName">The type without nullability (<c>global::Media.Thumbnail</c>, <c>int</c>): the <c>T</c> of its <c>JsonTypeInfo&lt;T&gt;</c>.</param>
/// <param name="DisplayName">The type for error messages (<c>Thumbnail</c>, <c>int?</c>).</param>
/// <param name="AllowsNull">True for a nullable value type, an annotated or nullable-oblivious reference type.</param>
/// <param name="IsNullableValueType">True for <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="IsReferenceType">True for a reference type (a null check guards a non-nullable one at enqueue).</param>
/// <param name="IsUnsignedEnum">For <see cref="ValueKind.Enum"/>: the underlying type is unsigned.</param>
/// <param name="JsonPropertyName">For <see cref="ValueKind.Json"/>: the simple name STJ gives the type's property on a context (non-generic, non-array types only), else null.</param>
internal sealed record ValueModel(
    ValueKind Kind,
    string TypeName,
    string CoreTypeName,
    string DisplayName,
    bool AllowsNull,
    bool IsNullableValueType,
    bool IsReferenceType,
    bool IsUnsignedEnum,
    string? JsonPropertyName);
