using Bananas.Tasks.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.PayloadTypeAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT050/BNT051 unserializable argument or result types; BNT052 types no registered JsonSerializerContext covers.</summary>
public class PayloadTypeTests
{
    [Fact]
    public Task InjectedParameters_AreNotPayload() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            // TaskContext holds an IServiceProvider and is not serializable: it is injected, like the token.
            [BananaTask] public static Task A(int n, TaskContext context, CancellationToken ct) => Task.CompletedTask;
            [BananaTask] public static Task<int> B(TaskContext? context) => Task.FromResult(1);
        }
        """);

    [Fact]
    public Task BNT050_UnserializableParameters_AreFlagged() => V.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public interface IShape { double Area { get; } }
        public abstract class Animal { }

        public class Jobs<T>
        {
            [BananaTask] public static Task A({|#0:Stream|} body) => Task.CompletedTask;
            [BananaTask] public static Task B({|#1:Func<int>|} callback) => Task.CompletedTask;
            [BananaTask] public static Task C({|#2:IShape|} shape) => Task.CompletedTask;
            [BananaTask] public static Task D({|#3:Animal|} pet) => Task.CompletedTask;
            [BananaTask] public static Task E({|#4:List<Action>|} steps) => Task.CompletedTask;
            [BananaTask] public static Task F({|#5:T|} item) => Task.CompletedTask;
            [BananaTask] public static Task G({|#6:MemoryStream[]|} parts) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT050").WithLocation(0).WithArguments("body", "A", "Stream", "a stream cannot be serialized; pass a path, URL or blob id and open the stream in the handler"),
        V.Diagnostic("BNT050").WithLocation(1).WithArguments("callback", "B", "Func<int>", "delegates cannot be serialized; pass the data the delegate would use instead"),
        V.Diagnostic("BNT050").WithLocation(2),
        V.Diagnostic("BNT050").WithLocation(3),
        V.Diagnostic("BNT050").WithLocation(4),
        V.Diagnostic("BNT050").WithLocation(5),
        V.Diagnostic("BNT050").WithLocation(6));

    [Fact]
    public Task ProgressParameters_AreInjected_AndTheirTypeIsChecked() => V.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public record Step(int Done);

        public static class Jobs
        {
            [BananaTask] public static Task A(int n, IProgress<int> progress, IProgress<double>? unused = null) => Task.CompletedTask;
            [BananaTask] public static Task B({|#0:IProgress<Stream>|} progress) => Task.CompletedTask;
            [BananaTask] public static Task C({|#1:IProgress<Step>|} progress) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT050").WithLocation(0).WithArguments("progress", "B", "IProgress<Stream>", "its progress type 'Stream': a stream cannot be serialized; pass a path, URL or blob id and open the stream in the handler"),
        V.Diagnostic("BNT052").WithLocation(1).WithArguments("Step", "C", " (none is registered: add [assembly: BananasJsonContext(typeof(YourJsonContext))])"));

    [Fact]
    public Task BNT051_UnserializableResults_AreFlagged() => V.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static Task<{|#0:Stream|}> Open(string path) => Task.FromResult<Stream>(Stream.Null);
            [BananaTask] public static ValueTask<{|#1:Action|}> Make() => default;
        }
        """,
        V.Diagnostic("BNT051").WithLocation(0).WithArguments("Stream", "Open", "a stream cannot be serialized; pass a path, URL or blob id and open the stream in the handler"),
        V.Diagnostic("BNT051").WithLocation(1));

    [Fact]
    public Task BuiltInAndInjectedTypes_AreClean() => V.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public enum Size { Small, Large }

        public static class Jobs
        {
            [BananaTask]
            public static Task<long> A(string s, int i, double d, decimal m, bool b, char c, Guid g, DateTime t, DateTimeOffset o,
                TimeSpan span, Size size, int? maybe, Size? maybeSize, Guid? maybeId, CancellationToken ct) => Task.FromResult(1L);
        }
        """);

    [Fact]
    public Task BNT052_NoContextRegistered_IsFlagged() => V.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public record Thumbnail(string Url, int Width);

        public static class Jobs
        {
            [BananaTask] public static Task<{|#0:Thumbnail|}> Resize({|#1:List<int>|} sizes) => Task.FromResult(new Thumbnail("x", 1));
            [BananaTask] public static Task Book({|#2:DateOnly|} day) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT052").WithLocation(2).WithArguments("DateOnly", "Book", " (none is registered: add [assembly: BananasJsonContext(typeof(YourJsonContext))])"),
        V.Diagnostic("BNT052").WithLocation(1).WithArguments("List<int>", "Resize", " (none is registered: add [assembly: BananasJsonContext(typeof(YourJsonContext))])"),
        V.Diagnostic("BNT052").WithLocation(0).WithArguments("Thumbnail", "Resize", " (none is registered: add [assembly: BananasJsonContext(typeof(YourJsonContext))])"));

    [Fact]
    public Task BNT052_TypeMissingFromRegisteredContext_IsFlagged() => WithContextSupportAsync("""
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        [assembly: BananasJsonContext(typeof(AppJsonContext))]

        public record Thumbnail(string Url, int Width);
        public record Order(int Id);

        [JsonSerializable(typeof(Thumbnail))]
        public class AppJsonContext : TestContextBase { }

        public static class Jobs
        {
            [BananaTask] public static Task A({|#0:Order|} order) => Task.CompletedTask;
            [BananaTask] public static Task B({|#1:List<Thumbnail>|} all) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT052").WithLocation(0).WithArguments("Order", "A", " (add [JsonSerializable(typeof(Order))] to AppJsonContext)"),
        V.Diagnostic("BNT052").WithLocation(1).WithArguments("List<Thumbnail>", "B", " (add [JsonSerializable(typeof(List<Thumbnail>))] to AppJsonContext)"));

    [Fact]
    public Task BNT052_TypesCoveredByContextOrReachable_AreClean() => WithContextSupportAsync("""
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        [assembly: BananasJsonContext(typeof(AppJsonContext))]

        public record Line(string Sku, int Quantity);
        public record Order(int Id, List<Line> Lines, Address? ShipTo);
        public record Address(string City);

        [JsonPolymorphic]
        [JsonDerivedType(typeof(Circle), "circle")]
        public abstract class Shape { }
        public sealed class Circle : Shape { public double Radius { get; set; } }

        [JsonSerializable(typeof(Order))]
        [JsonSerializable(typeof(Shape))]
        public class AppJsonContext : TestContextBase { }

        public static class Jobs
        {
            [BananaTask] public static Task<Order> A(Order order, Line line, List<Line> lines, Address? address) => Task.FromResult(order);
            [BananaTask] public static Task<Circle> B(Shape shape) => Task.FromResult(new Circle());
        }
        """);

    [Fact]
    public Task BNT052_ReflectionAllowed_IsClean() => WithContextSupportAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        [assembly: BananasJsonContext(AllowReflection = true)]

        public record Thumbnail(string Url, int Width);

        public static class Jobs
        {
            [BananaTask] public static Task<Thumbnail> Resize(Thumbnail input) => Task.FromResult(input);
        }
        """);

    /// <summary>
    /// Runs with a hand-written JsonSerializerContext base (the System.Text.Json generator does not run in these
    /// tests; the analyzer reads only the [JsonSerializable] attributes) and, while the runtime does not have it
    /// yet, a declaration of BananasJsonContextAttribute with the runtime's shape.
    /// </summary>
    private static Task WithContextSupportAsync(string source, params DiagnosticResult[] expected) =>
        V.AnalyzerAsync(source, withBananas: true, extraFiles: JsonContextSupport.Files(), expected);
}
