namespace Bananas.Tasks.Generators.Model;

/// <summary>How the generated codec writes and reads one argument or result value.</summary>
internal enum ValueKind
{
    /// <summary>Through a <c>JsonTypeInfo&lt;T&gt;</c> (user records, collections, …).</summary>
    Json,
    String,
    Boolean,
    Char,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    /// <summary>An enum: written as its number, read from a number or a member name.</summary>
    Enum,
}
