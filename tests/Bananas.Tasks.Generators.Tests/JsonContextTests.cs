using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>How user types reach their <c>JsonTypeInfo</c>: listed on the context, found in it at run time, by reflection when allowed, or a clear error.</summary>
public sealed class JsonContextTests
{
    private const string ContextWithGenericTypes = """
        using System.Text.Json.Serialization;
        using Bananas.Tasks;

        [assembly: BananasJsonContext(typeof(Shop.ShopJson))]

        namespace Shop;

        public sealed record Item(string Name, int Count);
        public sealed record Address(string City);
        public sealed record Order(Item[] Items, Address ShipTo);

        public static class OrderTasks
        {
            [BananaTask]
            public static Task<List<Item>> Pack(Order order, Address returnTo, Dictionary<string, int>? stock) =>
                Task.FromResult(new List<Item>(order.Items));
        }

        [JsonSerializable(typeof(Order))]                                    // Item[], Item and Address come with it
        [JsonSerializable(typeof(List<Item>), TypeInfoPropertyName = "ItemList")]
        [JsonSerializable(typeof(Dictionary<string, int>))]
        internal partial class ShopJson : JsonSerializerContext;
        """;

    [Fact]
    public void ListedType_UsesTheContextProperty_OtherTypes_TheRunTimeLookup()
    {
        using var code = ScenarioAssembly.Build("ShopJson", ContextWithGenericTypes);
        var generated = code.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Shop.OrderTasks.Pack.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("global::Shop.ShopJson.Default.Order", generated);
        Assert.Contains("global::Shop.ShopJson.Default.ItemList", generated);
        Assert.Contains("global::Bananas.Tasks.Json.TaskJsonTypeInfo.FromContext<global::Shop.Address>(global::Shop.ShopJson.Default)", generated);
        Assert.Contains("global::Bananas.Tasks.Json.TaskJsonTypeInfo.FromContext<global::System.Collections.Generic.Dictionary<string, int>>(global::Shop.ShopJson.Default)", generated);

        var payload = (string)code.Call("Shop.Pack", "EncodeArguments",
            Create(code, "Shop.Order", new[] { Create(code, "Shop.Item", "pen", 2) }.ToTypedArray(code.Type("Shop.Item")), Create(code, "Shop.Address", "Oslo")),
            Create(code, "Shop.Address", "Bergen"),
            null)!;
        Assert.Equal("{\"order\":{\"Items\":[{\"Name\":\"pen\",\"Count\":2}],\"ShipTo\":{\"City\":\"Oslo\"}},\"returnTo\":{\"City\":\"Bergen\"},\"stock\":null}", payload);

        var args = new object?[] { payload, null, null, null };
        code.Call("Shop.Pack", "DecodeArguments", args);
        Assert.Equal("Address { City = Bergen }", args[2]!.ToString());
        Assert.Null(args[3]);

        var result = code.Call("Shop.Pack", "DecodeResult", "[{\"Name\":\"ink\",\"Count\":5}]");
        Assert.Equal("Item { Name = ink, Count = 5 }", Assert.Single((System.Collections.IEnumerable)result!)!.ToString());
    }

    [Fact]
    public void TypeTheContextLacks_ThrowsNamingTheTypeAndTheFix()
    {
        using var code = ScenarioAssembly.Build("MissingFromContext", """
            using System.Text.Json.Serialization;
            using Bananas.Tasks;

            [assembly: BananasJsonContext(typeof(Lab.LabJson))]

            namespace Lab;

            public sealed record Sample(string Id);
            public sealed record Unlisted(int X);

            public static class LabTasks
            {
                [BananaTask]
                public static Task Analyze(Unlisted value) => Task.CompletedTask;
            }

            [JsonSerializable(typeof(Sample))]
            internal partial class LabJson : JsonSerializerContext;
            """);
        var ex = Assert.Throws<InvalidOperationException>(() => code.Call("Lab.Analyze", "EncodeArguments", Create(code, "Lab.Unlisted", 1)));
        Assert.Equal("Bananas.Tasks cannot serialize Unlisted: the registered JsonSerializerContext LabJson has no metadata for it. Add [JsonSerializable(typeof(Unlisted))] to LabJson.", ex.Message);
    }

    [Fact]
    public void NoContext_UserType_ThrowsNamingTheRegistration()
    {
        using var code = ScenarioAssembly.Build("NoContext", TestSources.GlobalNamespaceNoContext);
        var ex = Assert.Throws<InvalidOperationException>(() => code.Call("Write", "EncodeArguments", Create(code, "Note", "hi"), "o", 1, "t", "c"));
        Assert.StartsWith("Bananas.Tasks cannot serialize Note: no JsonSerializerContext is registered.", ex.Message);
        Assert.Contains("[assembly: BananasJsonContext(typeof(YourJsonContext))]", ex.Message);
    }

    [Fact]
    public void ReflectionOptIn_RoundTripsWithoutAContext()
    {
        using var code = ScenarioAssembly.Build("Reflection", TestSources.ReflectionOptIn);
        var items = new[] { Create(code, "Loose.Item", "bolt", 7) }.ToTypedArray(code.Type("Loose.Item"));
        var payload = (string)code.Call("Loose.Count", "EncodeArguments", items)!;
        Assert.Equal("{\"items\":[{\"Name\":\"bolt\",\"Count\":7}]}", payload);
        var args = new object?[] { payload, null };
        code.Call("Loose.Count", "DecodeArguments", args);
        Assert.Equal("Item { Name = bolt, Count = 7 }", Assert.Single((Array)args[1]!)!.ToString());
    }

    private static object Create(ScenarioAssembly code, string type, params object?[] args) => Activator.CreateInstance(code.Type(type), args)!;
}

internal static class ArrayExtensions
{
    /// <summary>An array of the runtime element type (a record type from the loaded assembly).</summary>
    public static Array ToTypedArray(this object[] items, Type elementType)
    {
        var array = Array.CreateInstance(elementType, items.Length);
        Array.Copy(items, array, items.Length);
        return array;
    }
}
