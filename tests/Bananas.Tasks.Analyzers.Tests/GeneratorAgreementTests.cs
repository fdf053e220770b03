using System.Collections.Immutable;
using Bananas.Tasks.Analyzers.Tests.Infrastructure;
using Bananas.Tasks.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers.Tests;

/// <summary>
/// The generator and the analyzers decide "can this method be a task?" with one piece of code (TaskShape). This table
/// of method shapes proves they agree: the generator emits a task exactly when no analyzer reports an error for it,
/// and what it emits compiles. A shape where they disagree (issue 16: a file-local type, a second CancellationToken)
/// fails here.
/// </summary>
public class GeneratorAgreementTests
{
    private static string Static(string member, string attribute = "[BananaTask]") => $$"""
        public static class Holder
        {
            {{attribute}}
            {{member}}
        }
        """;

    /// <summary>Name, source (namespace Probe; one task, its proxy named Probe unless said otherwise), the expected error IDs (none: generated).</summary>
    public static TheoryData<string, string, string> Shapes { get; } = new()
    {
        // Accepted.
        { "token", Static("public static Task Probe(int a, CancellationToken ct) => Task.CompletedTask;"), "" },
        { "context and token", Static("public static Task Probe(int a, TaskContext context, CancellationToken ct) => Task.CompletedTask;"), "" },
        { "context only, typed result", Static("public static ValueTask<int> Probe(TaskContext context) => new(context.Attempt);"), "" },
        { "progress, context and token", Static("public static Task Probe(int a, System.IProgress<int> progress, TaskContext context, CancellationToken ct) => Task.CompletedTask;"), "" },
        { "nullable context", Static("public static Task Probe(TaskContext? context) => Task.CompletedTask;"), "" },
        { "retention zero", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(KeepCompletedSeconds = 0)]"), "" },
        { "retention positive, typed result", Static("public static Task<int> Probe() => Task.FromResult(1);", "[BananaTask(KeepCompletedSeconds = 600)]"), "" },
        { "instance in sealed class", "public sealed class Holder { [BananaTask] public Task Probe(string s) => Task.CompletedTask; }", "" },
        { "internal method", Static("internal static Task Probe() => Task.CompletedTask;"), "" },
        { "protected internal method", "public class Holder { [BananaTask] protected internal static Task Probe() => Task.CompletedTask; }", "" },
        { "nested public type", "public class Outer { public static class Inner { [BananaTask] public static Task Probe() => Task.CompletedTask; } }", "" },
        { "internal type", "internal static class Holder { [BananaTask] public static Task Probe() => Task.CompletedTask; }", "" },
        { "attribute values", Static("public static Task Run() => Task.CompletedTask;",
            "[BananaTask(Route = \"gpu\", Priority = Priority.High, MaxRetries = 0, TimeoutSeconds = 5, Name = \"probe.x\", ProxyName = \"Probe\")]"), "" },
        { "defaults -1 and 0", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(MaxRetries = -1, TimeoutSeconds = 0)]"), "" },
        { "collections", Static("public static Task Probe(List<int> items, IReadOnlyList<string> names, int[] numbers) => Task.CompletedTask;"), "" },
        { "optional nullable", Static("public static Task<string?> Probe(string? s = null, int n = 3) => Task.FromResult(s);"), "" },
        { "async method", Static("public static async Task<int> Probe(int a) { await Task.Yield(); return a; }"), "" },

        // The method.
        { "generic method", Static("public static Task Probe<T>(T value) => Task.CompletedTask;"), "BNT010 BNT050" },
        { "ref parameter", Static("public static Task Probe(ref int a) => Task.CompletedTask;"), "BNT011" },
        { "out parameter", Static("public static Task Probe(out int a) { a = 1; return Task.CompletedTask; }"), "BNT011" },
        { "in parameter", Static("public static Task Probe(in int a) => Task.CompletedTask;"), "BNT011" },
        { "pointer parameter", Static("public static unsafe Task Probe(int* a) => Task.CompletedTask;"), "BNT011" },
        { "two tokens", Static("public static Task Probe(CancellationToken a, CancellationToken b) => Task.CompletedTask;"), "BNT012" },
        { "two contexts", Static("public static Task Probe(TaskContext a, TaskContext b) => Task.CompletedTask;"), "BNT012" },
        { "two progress parameters", Static("public static Task Probe(System.IProgress<int> a, System.IProgress<string> b) => Task.CompletedTask;"), "BNT012" },
        { "progress of a delegate", Static("public static Task Probe(System.IProgress<System.Action> a) => Task.CompletedTask;"), "BNT050" },
        { "async void", Static("public static async void Probe() => await Task.Yield();"), "BNT013" },
        { "returns int", Static("public static int Probe() => 1;"), "BNT014" },
        { "returns void", Static("public static void Probe() { }"), "BNT014" },
        { "private method", "public class Holder { [BananaTask] private static Task Probe() => Task.CompletedTask; }", "BNT015" },
        { "protected method", "public class Holder { [BananaTask] protected static Task Probe() => Task.CompletedTask; }", "BNT015" },
        { "private protected method", "public class Holder { [BananaTask] private protected static Task Probe() => Task.CompletedTask; }", "BNT015" },

        // The types around it.
        { "generic type", "public class Holder<T> { [BananaTask] public static Task Probe() => Task.CompletedTask; }", "BNT020" },
        { "nested in generic type", "public class Holder<T> { public static class Inner { [BananaTask] public static Task Probe() => Task.CompletedTask; } }", "BNT020" },
        { "private nested type", "public class Outer { private static class Inner { [BananaTask] public static Task Probe() => Task.CompletedTask; } }", "BNT021" },
        { "protected nested type", "public class Outer { protected static class Inner { [BananaTask] public static Task Probe() => Task.CompletedTask; } }", "BNT021" },
        { "file-local type", "file static class Holder { [BananaTask] public static Task Probe() => Task.CompletedTask; }", "BNT021" },
        { "nested in file-local type", "file static class Outer { internal static class Inner { [BananaTask] public static Task Probe() => Task.CompletedTask; } }", "BNT021" },
        { "abstract class instance", "public abstract class Holder { [BananaTask] public Task Probe() => Task.CompletedTask; }", "BNT022" },
        { "struct instance", "public struct Holder { [BananaTask] public Task Probe() => Task.CompletedTask; }", "BNT022" },
        { "interface instance", "public interface IHolder { [BananaTask] Task Probe() => Task.CompletedTask; }", "BNT022" },
        { "static method in struct", "public struct Holder { [BananaTask] public static Task Probe() => Task.CompletedTask; }", "" },

        // Payload and result types.
        { "stream parameter", Static("public static Task Probe(System.IO.Stream body) => Task.CompletedTask;"), "BNT050" },
        { "delegate parameter", Static("public static Task Probe(Action callback) => Task.CompletedTask;"), "BNT050" },
        { "delegate element", Static("public static Task Probe(List<Func<int>> callbacks) => Task.CompletedTask;"), "BNT050" },
        { "interface parameter", Static("public static Task Probe(IDisposable thing) => Task.CompletedTask;"), "BNT050" },
        { "span parameter", Static("public static Task Probe(ReadOnlySpan<byte> data) => Task.CompletedTask;"), "BNT050" },
        { "dynamic parameter", Static("public static Task Probe(dynamic value) => Task.CompletedTask;"), "BNT050" },
        { "delegate result", Static("public static Task<Action> Probe() => Task.FromResult<Action>(() => { });"), "BNT051" },
        { "stream result", Static("public static Task<System.IO.MemoryStream> Probe() => Task.FromResult(new System.IO.MemoryStream());"), "BNT051" },

        // Attribute values and names.
        { "invalid route", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Route = \"no spaces\")]"), "BNT001" },
        { "null route", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Route = null)]"), "BNT001" },
        { "priority out of range", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Priority = (Priority)7)]"), "BNT003" },
        { "negative retries", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(MaxRetries = -2)]"), "BNT004" },
        { "negative timeout", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(TimeoutSeconds = -1)]"), "BNT005" },
        { "retention below -1", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(KeepCompletedSeconds = -2)]"), "BNT008" },
        { "empty name", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Name = \"\")]"), "BNT006" },
        { "name with space", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Name = \"two words\")]"), "BNT006" },
        { "proxy name not an identifier", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(ProxyName = \"not valid\")]"), "BNT007" },
        { "proxy name a keyword", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(ProxyName = \"class\")]"), "BNT007" },
        { "method named like a keyword", Static("public static Task @event() => Task.CompletedTask;"), "BNT007" },
        { "proxy collides with a type", Static("public static Task Probe() => Task.CompletedTask;") + "\npublic sealed class Probe { }", "BNT030" },
        { "two tasks, one task name", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Name = \"dup\")]")
            + "\npublic static class Other { [BananaTask(Name = \"dup\", ProxyName = \"Second\")] public static Task Run() => Task.CompletedTask; }", "BNT130" },
        { "explicit name equal to another task's derived name", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Name = \"run\")]")
            + "\npublic static class Other { [BananaTask] public static Task Run() => Task.CompletedTask; }", "BNT130" },
        { "two tasks, one proxy type", Static("public static Task Probe() => Task.CompletedTask;")
            + "\npublic static class Other { [BananaTask(Name = \"other\")] public static Task Probe() => Task.CompletedTask; }", "BNT131" },
        { "valid schedule", Static("public static Task Probe(int days = 3) => Task.CompletedTask;", "[BananaTask(Cron = \"0 2 * * *\", TimeZone = \"UTC\")]"), "" },
        { "cron never occurs", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Cron = \"0 0 30 2 *\")]"), "BNT100" },
        { "cron not an expression", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Cron = \"every day\")]"), "BNT100" },
        { "cron with 7 fields", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Cron = \"0 0 2 * * * 2030\")]"), "BNT100" },
        { "unknown time zone", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Cron = \"0 2 * * *\", TimeZone = \"Mars/Olympus_Mons\")]"), "BNT101" },
        { "blank time zone", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(Cron = \"0 2 * * *\", TimeZone = \" \")]"), "BNT101" },
        { "unknown time zone without cron", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(TimeZone = \"Mars/Olympus_Mons\")]"), "BNT101" },

        // Flow control: unique jobs, rate and concurrency limits, sequences, debounce.
        { "unique by a parameter", Static("public static Task Probe(string id, int n) => Task.CompletedTask;", "[BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { nameof(id) })]"), "" },
        { "rate limit per partition", Static("public static Task Probe(string tenant) => Task.CompletedTask;", "[BananaTask(RateLimit = 10, PartitionBy = nameof(tenant))]"), "" },
        { "concurrency limit per partition on the route", Static("public static Task Probe(string tenant, CancellationToken ct) => Task.CompletedTask;",
            "[BananaTask(ConcurrencyLimit = 3, PartitionBy = nameof(tenant), ConcurrencyScope = LimitScope.Route)]"), "" },
        { "rate and concurrency per one partition", Static("public static Task Probe(Guid tenant) => Task.CompletedTask;",
            "[BananaTask(RateLimit = 5, ConcurrencyLimit = 2, PartitionBy = nameof(tenant))]"), "" },
        { "sequence held until completed", Static("public static Task<int> Probe(string account, decimal amount) => Task.FromResult(1);",
            "[BananaTask(SequenceBy = nameof(account), SequenceHold = SequenceHold.UntilCompleted, ConcurrencyLimit = 4)]"), "" },
        { "debounce by two parameters", Static("public static Task Probe(string doc, int? version, TaskContext context) => Task.CompletedTask;",
            "[BananaTask(DebounceSeconds = 30, DebounceBy = new[] { nameof(doc), nameof(version) })]"), "" },
        { "replace by one parameter", Static("public static Task Probe(long draft, string text) => Task.CompletedTask;", "[BananaTask(Replace = true, DebounceBy = new[] { nameof(draft) })]"), "" },
        { "replace, one key", Static("public static Task Probe(string text) => Task.CompletedTask;", "[BananaTask(Replace = true)]"), "" },
        { "every flow setting on a schedule", Static("public static Task Probe(string account = \"a\") => Task.CompletedTask;",
            "[BananaTask(Cron = \"0 2 * * *\", ConcurrencyLimit = 1, PartitionBy = nameof(account), SequenceBy = nameof(account), DebounceSeconds = 60, DebounceBy = new[] { nameof(account) })]"), "" },
        { "flow settings without effect", Static("public static Task Probe(string doc) => Task.CompletedTask;",
            "[BananaTask(ConcurrencyScope = LimitScope.Route, SequenceHold = SequenceHold.UntilCompleted, DebounceBy = new[] { \"typo\" }, PartitionBy = \"typo\")]"), "" },
        { "flow keys shadowing generated names", Static("public static Task Probe(string options, string debounce, string replace, string unique) => Task.CompletedTask;",
            "[BananaTask(SequenceBy = nameof(options), DebounceSeconds = 5, DebounceBy = new[] { nameof(debounce), nameof(replace), nameof(unique) })]"), "" },
        { "unique by a list", Static("public static Task Probe(List<int> ids) => Task.CompletedTask;", "[BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { nameof(ids) })]"), "BNT018" },
        { "rate limit too fast", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(RateLimit = 5000)]"), "BNT023" },
        { "concurrency limit above 10000", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(ConcurrencyLimit = 10001)]"), "BNT025" },
        { "negative concurrency limit", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(ConcurrencyLimit = -1)]"), "BNT025" },
        { "debounce over 366 days", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(DebounceSeconds = 31622401)]"), "BNT025" },
        { "no such concurrency scope", Static("public static Task Probe() => Task.CompletedTask;", "[BananaTask(ConcurrencyLimit = 2, ConcurrencyScope = (LimitScope)3)]"), "BNT025" },
        { "no such sequence hold", Static("public static Task Probe(int a) => Task.CompletedTask;", "[BananaTask(SequenceBy = nameof(a), SequenceHold = (SequenceHold)4)]"), "BNT025" },
        { "sequence with a partitioned limit above 1", Static("public static Task Probe(string account) => Task.CompletedTask;",
            "[BananaTask(SequenceBy = nameof(account), ConcurrencyLimit = 2, PartitionBy = nameof(account))]"), "BNT026" },
        { "unique and debounce", Static("public static Task Probe(string doc) => Task.CompletedTask;", "[BananaTask(Unique = UniqueScope.WhileQueued, DebounceSeconds = 10)]"), "BNT026" },
        { "unique and replace", Static("public static Task Probe(string doc) => Task.CompletedTask;", "[BananaTask(Unique = UniqueScope.WhileQueuedOrRunning, Replace = true)]"), "BNT026" },
        { "debounce and replace", Static("public static Task Probe(string doc) => Task.CompletedTask;", "[BananaTask(DebounceSeconds = 10, Replace = true)]"), "BNT026" },
        { "sequence by a typo", Static("public static Task Probe(string account) => Task.CompletedTask;", "[BananaTask(SequenceBy = \"acount\")]"), "BNT017" },
        { "sequence by the token", Static("public static Task Probe(string account, CancellationToken ct) => Task.CompletedTask;", "[BananaTask(SequenceBy = nameof(ct))]"), "BNT017" },
        { "debounce by a typo", Static("public static Task Probe(string doc) => Task.CompletedTask;", "[BananaTask(DebounceSeconds = 10, DebounceBy = new[] { \"dco\" })]"), "BNT017" },
        { "concurrency partition by a typo", Static("public static Task Probe(string tenant) => Task.CompletedTask;", "[BananaTask(ConcurrencyLimit = 2, PartitionBy = \"tenantt\")]"), "BNT017" },
        { "sequence by a class", Static("public static Task Probe(System.Text.StringBuilder account) => Task.CompletedTask;", "[BananaTask(SequenceBy = nameof(account))]"), "BNT018" },
        { "replace by an array", Static("public static Task Probe(int[] ids) => Task.CompletedTask;", "[BananaTask(Replace = true, DebounceBy = new[] { nameof(ids) })]"), "BNT018" },

        { "several reasons", "file class Holder<T> { [BananaTask(Priority = (Priority)9)] private Task<Action> Probe<U>(ref int a) => throw null!; }",
            "BNT003 BNT010 BNT011 BNT015 BNT020 BNT021 BNT051" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task GeneratorEmits_ExactlyWhen_NoAnalyzerReportsAnError(string name, string shape, string expectedErrors)
    {
        var source = "using Bananas.Tasks;\nnamespace Probe;\n" + shape;
        var compilation = CSharpCompilation.Create(
            "Agreement_" + new string(name.Where(char.IsLetterOrDigit).ToArray()),
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Probe.cs"), CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, path: "GlobalUsings.cs")],
            [.. TestReferences.Net10, .. TestReferences.BananasWithDependencies],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));   // the table's C# is valid

        // As a build runs them: the generator first, then the analyzers over the compilation with its output.
        var driver = CSharpGeneratorDriver.Create([new BananaTaskGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var generated = driver.GetRunResult().Results.Single().GeneratedSources;
        bool emitted = !generated.IsEmpty;

        var analyzers = output.WithAnalyzers(DescriptorCatalog.Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: (ex, analyzer, _) => Assert.Fail($"{analyzer.GetType().Name} threw: {ex}"),
            concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await analyzers.GetAnalyzerDiagnosticsAsync();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(emitted == (errors.Count == 0),
            $"{name}: the generator {(emitted ? "emitted" : "skipped")} the task but the analyzers reported {(errors.Count == 0 ? "no error" : string.Join(", ", errors))}.");
        Assert.Equal(expectedErrors, string.Join(" ", errors));
        // What the generator emits compiles (a file-local handler once gave CS0234 in the proxy).
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
    }

    /// <summary>Every reason TaskShape can give maps to a descriptor that an analyzer of the assembly reports.</summary>
    [Fact]
    public void EveryRejectionKind_IsReportedBySomeAnalyzer()
    {
        var supported = DescriptorCatalog.All.Select(d => d.Id).ToHashSet();
        var analyzers = typeof(RoutingKeyAnalyzer).Assembly;
        var kindType = analyzers.GetType("Bananas.Tasks.TaskRejectionKind", throwOnError: true)!;
        var descriptorOf = analyzers.GetType("Bananas.Tasks.Analyzers.TaskShapeDiagnostics", throwOnError: true)!.GetMethod("Descriptor")!;
        var ids = Enum.GetValues(kindType).Cast<object>().Select(kind => ((DiagnosticDescriptor)descriptorOf.Invoke(null, [kind])!).Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Contains(id, supported));
        Assert.All(ids, id => Assert.Equal(DiagnosticSeverity.Error, DescriptorCatalog.All.Single(d => d.Id == id).DefaultSeverity));
    }

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
