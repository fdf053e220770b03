extern alias BananasGenerator;

using System.Collections;
using System.Reflection;
using BananasGenerator::Bananas.Tasks.Generators;
using BananasGenerator::Bananas.Tasks.Generators.Model;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>The generator's tracked steps stay cached across edits that do not touch a task, and hold no symbols.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] OurSteps =
    {
        TrackingNames.ParsedTasks, TrackingNames.Tasks, TrackingNames.JsonContext, TrackingNames.TaskFiles,
        TrackingNames.TaskFilesWithJson, TrackingNames.Registrations,
    };

    [Fact]
    public void SecondRun_OnClonedCompilation_IsCachedOrUnchanged()
    {
        var compilation = TestCompiler.Compile("Inc", TestSources.Media);
        var driver = TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(compilation);
        var first = Ours(driver);
        Assert.Equal(3, first.GeneratedSources.Length);

        var second = Ours(driver.RunGenerators(compilation.Clone()));
        AssertSteps(second, OurSteps, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void StepOutputs_HoldNoSymbolsSyntaxOrCompilation()
    {
        var result = Ours(TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(TestCompiler.Compile("Pure", TestSources.Media, TestSources.OptionalParameters)));
        int walked = 0;
        foreach (var name in OurSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in result.TrackedSteps[name])
                foreach (var (value, _) in step.Outputs)
                {
                    AssertPure(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                    walked++;
                }
        }
        Assert.True(walked >= 10, $"only {walked} step outputs were walked");
    }

    [Fact]
    public void UnrelatedFile_LeavesEveryOutputCached()
    {
        var compilation = TestCompiler.Compile("Inc", TestSources.Media);
        var driver = TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { public int X => 1; }", TestCompiler.ParseOptions));
        var result = Ours(driver.RunGenerators(edited));
        AssertSteps(result, [TrackingNames.Tasks, TrackingNames.TaskFiles, TrackingNames.TaskFilesWithJson, TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void MethodBodyEdit_LeavesEveryOutputUnchanged()
    {
        var (driver, compilation, tree) = Start();
        var edited = Replace(compilation, tree, "return thumbs.Make(url, width);", "return thumbs.Make(url.Trim(), width);");
        var result = Ours(driver.RunGenerators(edited));
        AssertSteps(result, [TrackingNames.Tasks, TrackingNames.TaskFiles, TrackingNames.TaskFilesWithJson, TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void RouteEdit_ModifiesOnlyThatTasksFile()
    {
        var (driver, compilation, tree) = Start();
        var edited = Replace(compilation, tree, "Route = \"gpu\"", "Route = \"gpu-large\"");
        var result = Ours(driver.RunGenerators(edited));

        var reasons = result.TrackedSteps[TrackingNames.TaskFilesWithJson].SelectMany(s => s.Outputs)
            .ToDictionary(o => (((TaskFile, JsonContextModel))o.Value).Item1.Task.TaskName, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["process_image"]);
        Assert.Contains(reasons["send_email"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.Contains("Route = options?.Route ?? \"gpu-large\",", result.GeneratedSources.Single(s => s.HintName == "Media.ImageTasks.ProcessImage.g.cs").SourceText.ToString());
        // The registration entries do not carry the route: that output stays cached.
        AssertSteps(result, [TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void CronEdit_ModifiesOnlyTheRegistration()
    {
        var compilation = TestCompiler.Compile("IncCron", TestSources.Periodic);
        var driver = TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        var edited = Replace(compilation, tree, "Cron = \"0 2 * * *\"", "Cron = \"0 3 * * *\"");
        var result = Ours(driver.RunGenerators(edited));

        // The schedule lives in the registration only: every task file stays as it was.
        AssertSteps(result, [TrackingNames.TaskFilesWithJson], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.Contains(result.TrackedSteps[TrackingNames.Registrations].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("AddPeriodic(builder, \"cleanup\", \"0 3 * * *\"", result.GeneratedSources.Single(s => s.HintName == "BananasTasks.Registration.g.cs").SourceText.ToString());
    }

    [Fact]
    public void UniqueTasks_StayCachedOnAnUnrelatedEdit_AndAUniqueByEditModifiesOnlyThatTasksFile()
    {
        var compilation = TestCompiler.Compile("IncUnique", TestSources.Unique);
        var driver = TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();

        // The models hold UniqueBy as an EquatableArray: an unrelated file leaves every output cached.
        var unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { }", TestCompiler.ParseOptions));
        var same = Ours(driver.RunGenerators(unrelated));
        AssertSteps(same, [TrackingNames.Tasks, TrackingNames.TaskFiles, TrackingNames.TaskFilesWithJson, TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);

        var edited = Replace(compilation, tree, "UniqueBy = new[] { nameof(orderId), \"region\" }", "UniqueBy = new[] { nameof(orderId) }");
        var result = Ours(driver.RunGenerators(edited));
        var reasons = result.TrackedSteps[TrackingNames.TaskFilesWithJson].SelectMany(s => s.Outputs)
            .ToDictionary(o => (((TaskFile, JsonContextModel))o.Value).Item1.Task.TaskName, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["process_order"]);
        Assert.Contains(reasons["remind"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.Contains("WithTaskDefaults(options, orderId)", result.GeneratedSources.Single(s => s.HintName == "Orders.OrderTasks.ProcessOrder.g.cs").SourceText.ToString());
        // The schedule's entry carries no unique setting, so the registration stays as it was.
        AssertSteps(result, [TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void RateTasks_StayCachedOnAnUnrelatedEdit_AndAPartitionByEditModifiesOnlyThatTasksFile()
    {
        var compilation = TestCompiler.Compile("IncRate", TestSources.Rate);
        var driver = TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();

        var unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { }", TestCompiler.ParseOptions));
        var same = Ours(driver.RunGenerators(unrelated));
        AssertSteps(same, [TrackingNames.Tasks, TrackingNames.TaskFiles, TrackingNames.TaskFilesWithJson, TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);

        var edited = Replace(compilation, tree, "RateLimit = 100, RatePeriodSeconds = 60, PartitionBy = nameof(tenantId)", "RateLimit = 100, RatePeriodSeconds = 60");
        var result = Ours(driver.RunGenerators(edited));
        var reasons = result.TrackedSteps[TrackingNames.TaskFilesWithJson].SelectMany(s => s.Outputs)
            .ToDictionary(o => (((TaskFile, JsonContextModel))o.Value).Item1.Task.TaskName, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["sync"]);
        Assert.Contains(reasons["send"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        var sync = result.GeneratedSources.Single(s => s.HintName == "Mail.MailTasks.Sync.g.cs").SourceText.ToString();
        Assert.Contains("WithTaskDefaults(options)", sync);
        Assert.DoesNotContain("RateKey", sync);
        // The schedule's entry carries no rate setting, so the registration stays as it was.
        AssertSteps(result, [TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void FlowTasks_StayCachedOnAnUnrelatedEdit_AndADebounceByEditModifiesOnlyThatTasksFile()
    {
        var compilation = TestCompiler.Compile("IncFlow", TestSources.Flow);
        var driver = TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();

        var unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { }", TestCompiler.ParseOptions));
        var same = Ours(driver.RunGenerators(unrelated));
        AssertSteps(same, [TrackingNames.Tasks, TrackingNames.TaskFiles, TrackingNames.TaskFilesWithJson, TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);

        var edited = Replace(compilation, tree, "DebounceBy = new[] { nameof(documentId), nameof(version) }", "DebounceBy = new[] { nameof(documentId) }");
        var result = Ours(driver.RunGenerators(edited));
        var reasons = result.TrackedSteps[TrackingNames.TaskFilesWithJson].SelectMany(s => s.Outputs)
            .ToDictionary(o => (((TaskFile, JsonContextModel))o.Value).Item1.Task.TaskName, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["reindex"]);
        Assert.Contains(reasons["save"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        var reindex = result.GeneratedSources.Single(s => s.HintName == "Flow.FlowTasks.Reindex.g.cs").SourceText.ToString();
        Assert.Contains("WithTaskDefaults(options, documentId)", reindex);
        // No schedule entry carries a flow setting, so the registration stays as it was.
        AssertSteps(result, [TrackingNames.Registrations], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void EquivalentSource_ParsedTwice_GivesEqualButDistinctModels()
    {
        TaskModel[] Parse() => Ours(TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(TestCompiler.Compile("Twice", TestSources.Media)))
            .TrackedSteps[TrackingNames.Tasks].SelectMany(s => s.Outputs).Select(o => (TaskModel)o.Value).OrderBy(t => t.TaskName).ToArray();
        var a = Parse();
        var b = Parse();
        Assert.Equal(2, a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i]);
            Assert.Equal(a[i].GetHashCode(), b[i].GetHashCode());
            Assert.NotSame(a[i], b[i]);
        }
        Assert.NotEqual(a[0], a[1]);
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, SyntaxTree Tree) Start()
    {
        var compilation = TestCompiler.Compile("Inc", TestSources.Media);
        var driver = TestCompiler.CreateDriver(withJsonGenerator: false).RunGenerators(compilation);
        return (driver, compilation, compilation.SyntaxTrees.First());
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, SyntaxTree tree, string from, string to)
    {
        var text = tree.GetText().ToString();
        Assert.Contains(from, text);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(from, to))));
    }

    private static GeneratorRunResult Ours(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(BananaTaskGenerator));

    private static void AssertSteps(GeneratorRunResult result, string[] steps, params IncrementalStepRunReason[] allowed)
    {
        foreach (var name in steps)
            foreach (var step in result.TrackedSteps[name])
                foreach (var (value, reason) in step.Outputs)
                    Assert.True(allowed.Contains(reason), $"step {name}: output {value} was {reason}, expected {string.Join(" or ", allowed)}");
    }

    private static void AssertOutputs(GeneratorRunResult result, params IncrementalStepRunReason[] allowed)
    {
        Assert.NotEmpty(result.TrackedOutputSteps);
        foreach (var (kind, steps) in result.TrackedOutputSteps)
            foreach (var step in steps)
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(allowed.Contains(reason), $"{kind} output was {reason}");
    }

    /// <summary>Walks the object graph of a step output; fails on any Roslyn symbol, syntax node or compilation.</summary>
    private static void AssertPure(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        Assert.False(value is ISymbol, $"{path} holds an ISymbol ({value.GetType().Name})");
        Assert.False(value is SyntaxNode, $"{path} holds a SyntaxNode ({value.GetType().Name})");
        Assert.False(value is Compilation, $"{path} holds a Compilation");
        Assert.False(value is SemanticModel, $"{path} holds a SemanticModel");
        Assert.False(value is Location, $"{path} holds a Location");
        if (value is IEnumerable items and not string)
        {
            int i = 0;
            foreach (var item in items) AssertPure(item, $"{path}[{i++}]", seen);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertPure(field.GetValue(value), path + "." + field.Name, seen);
    }
}
