namespace Bananas.Tasks.Analyzers.Tests.Infrastructure;

/// <summary>Extra sources for tests that register a JsonSerializerContext.</summary>
public static class JsonContextSupport
{
    private const string ContextBase = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        public abstract class TestContextBase : JsonSerializerContext
        {
            protected TestContextBase() : base(null) { }
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        """;

    // Same shape as the runtime's Bananas.Tasks.BananasJsonContextAttribute (generator branch).
    private const string Attribute = """
        namespace Bananas.Tasks
        {
            [System.AttributeUsage(System.AttributeTargets.Assembly, AllowMultiple = false)]
            public sealed class BananasJsonContextAttribute : System.Attribute
            {
                public BananasJsonContextAttribute() { }
                public BananasJsonContextAttribute(System.Type contextType) => ContextType = contextType;
                public System.Type? ContextType { get; }
                public bool AllowReflection { get; set; }
            }
        }
        """;

    /// <summary>The context base, plus the attribute when the referenced runtime does not define it.</summary>
    public static (string Name, string Text)[] Files()
    {
        bool runtimeHasAttribute = typeof(BananaTaskAttribute).Assembly.GetType("Bananas.Tasks.BananasJsonContextAttribute") is not null;
        return runtimeHasAttribute
            ? [("TestContextBase.cs", "#nullable enable\n" + ContextBase)]
            : [("TestContextBase.cs", "#nullable enable\n" + ContextBase), ("BananasJsonContextAttribute.cs", "#nullable enable\n" + Attribute)];
    }
}
