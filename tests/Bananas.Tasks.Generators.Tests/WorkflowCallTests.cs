using System.Reflection;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Bananas.Tasks.Workflows;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// The generated <c>Call</c> methods build typed workflow steps: chains, joins and lambdas compile when the types fit
/// and do not when they do not; overloads are never ambiguous; and the steps carry the task, the payload without the
/// input parameter and the task's defaults, as a recording engine sees them when the workflow starts (no real engine).
/// </summary>
public sealed class WorkflowCallTests
{
    /// <summary>Workflows over <see cref="TestSources.WorkflowChain"/>, each a static method returning its last step.</summary>
    private const string Chains = """
        using Bananas.Tasks;
        using Bananas.Tasks.Workflows;
        using Pipeline;

        public static class Chains
        {
            // A method group whose single parameter takes the step's result.
            public static Step<string> Chain() => ProcessImage.Call("u", 640).Then(PublishThumbnail.Call);

            // A group's join: the list of the results, in order.
            public static Step<int> Join() => Workflow.All(ProcessImage.Call("a", 1), ProcessImage.Call("b", 2)).Then(Summarize.Call);

            // More arguments: a lambda; the optional weight keeps its default.
            public static Step<NoResult> Lambda() => ProcessImage.Call("u", 1).Then(t => Tag.Call(t, "x"));

            // A null first argument is the value, not a step input (no ambiguity between string? and IStepInput<string?>).
            public static Step<string> NullArgument() => Annotate.Call(null);
            public static Step<string> DefaultArgument() => Annotate.Call(default, "?");

            // A string result feeds a string? parameter (covariance of IStepInput<out T>), as a method group.
            public static Step<string> IntoNullable() => ProcessImage.Call("u", 2).Then(PublishThumbnail.Call).Then(Annotate.Call);

            // A step passed straight to the input form, with the other arguments and options.
            public static Step<NoResult> Direct() => Tag.Call(ProcessImage.Call("u", 3), "y", 7, new JobOptions { Route = "email" });

            // A step passed straight to the one-parameter input form (the exact overload, not the one with options).
            public static Step<string> DirectOne() => Annotate.Call(ProcessImage.Call("u", 4).Then(PublishThumbnail.Call));

            // The task's unique defaults are left out of its steps, so this starts.
            public static Step<NoResult> Unique() => Charge.Call("order-1", 500);

            public static Step<int> NoParameters() => Ping.Call();
        }
        """;

    [Fact]
    public void ChainsJoinsAndLambdas_Compile_WithoutAWarning()
    {
        var (output, _, _) = TestCompiler.Run(TestCompiler.Compile("WorkflowChains", TestSources.WorkflowChain, Chains));
        Assert.Empty(TestCompiler.Problems(output));
    }

    [Theory]
    // Fetch produces an Image; PublishThumbnail takes a Thumbnail.
    [InlineData("Fetch.Call(\"u\").Then(PublishThumbnail.Call)")]
    // A group's result is a list; PublishThumbnail takes one Thumbnail.
    [InlineData("Workflow.All(ProcessImage.Call(\"a\", 1)).Then(PublishThumbnail.Call)")]
    // Tag has a required second parameter: no method group of one parameter.
    [InlineData("ProcessImage.Call(\"u\", 1).Then(Tag.Call)")]
    // The lambda passes the step input where a Thumbnail is expected, after an Image.
    [InlineData("Fetch.Call(\"u\").Then(t => Tag.Call(t, \"x\"))")]
    public void MismatchedSteps_DoNotCompile(string workflow)
    {
        var source = $$"""
            using Bananas.Tasks.Workflows;
            using Pipeline;

            public static class Mismatch
            {
                public static object Build() => {{workflow}};
            }
            """;
        var (output, _, _) = TestCompiler.Run(TestCompiler.Compile("WorkflowMismatch", TestSources.WorkflowChain, source));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.NotEmpty(errors);
        // The errors are in the user's code, not in the generated proxies.
        Assert.All(errors, e => Assert.Equal("Source1.cs", e.Location.SourceTree?.FilePath));
    }

    [Fact]
    public async Task Steps_CarryTheTask_ThePayloadWithoutTheInput_AndTheTaskDefaults()
    {
        using var scenario = ScenarioAssembly.Build("WorkflowSteps", TestSources.WorkflowChain, Chains);

        Assert.Equal(
        [
            "process_image route=gpu input=- join=False arity=0 {\"url\":\"u\",\"width\":640}",
            "publish_thumbnail route=default input=thumbnail join=False arity=1 {}",
        ], await StartAsync<string>(scenario, "Chain"));

        Assert.Equal(
        [
            "process_image route=gpu input=- join=False arity=0 {\"url\":\"a\",\"width\":1}",
            "process_image route=gpu input=- join=False arity=0 {\"url\":\"b\",\"width\":2}",
            "summarize route=default input=thumbnails join=True arity=2 {}",
        ], await StartAsync<int>(scenario, "Join"));

        Assert.Equal(
        [
            "process_image route=gpu input=- join=False arity=0 {\"url\":\"u\",\"width\":1}",
            "tag_thumbnail route=default input=thumbnail join=False arity=1 {\"label\":\"x\",\"weight\":1}",
        ], await StartAsync<NoResult>(scenario, "Lambda"));

        Assert.Equal(["annotate route=default input=- join=False arity=0 {\"note\":null,\"suffix\":\"!\"}"], await StartAsync<string>(scenario, "NullArgument"));
        Assert.Equal(["annotate route=default input=- join=False arity=0 {\"note\":null,\"suffix\":\"?\"}"], await StartAsync<string>(scenario, "DefaultArgument"));

        Assert.Equal(
        [
            "process_image route=gpu input=- join=False arity=0 {\"url\":\"u\",\"width\":2}",
            "publish_thumbnail route=default input=thumbnail join=False arity=1 {}",
            "annotate route=default input=note join=False arity=1 {\"suffix\":\"!\"}",
        ], await StartAsync<string>(scenario, "IntoNullable"));

        Assert.Equal(
        [
            "process_image route=gpu input=- join=False arity=0 {\"url\":\"u\",\"width\":3}",
            "tag_thumbnail route=email input=thumbnail join=False arity=1 {\"label\":\"y\",\"weight\":7}",
        ], await StartAsync<NoResult>(scenario, "Direct"));

        Assert.Equal(
        [
            "process_image route=gpu input=- join=False arity=0 {\"url\":\"u\",\"width\":4}",
            "publish_thumbnail route=default input=thumbnail join=False arity=1 {}",
            "annotate route=default input=note join=False arity=1 {\"suffix\":\"!\"}",
        ], await StartAsync<string>(scenario, "DirectOne"));

        Assert.Equal(["charge route=default input=- join=False arity=0 {\"orderId\":\"order-1\",\"cents\":500}"], await StartAsync<NoResult>(scenario, "Unique"));
        Assert.Equal(["ping route=default input=- join=False arity=0 {}"], await StartAsync<int>(scenario, "NoParameters"));
    }

    /// <summary>A task whose first parameter is <c>object?</c>, which a step converts to as well.</summary>
    private const string ObjectFirst = """
        using Bananas.Tasks;
        using Bananas.Tasks.Workflows;

        namespace Logs
        {
            public static class LogTasks
            {
                [BananaTask] public static Task Log(object? value) => Task.CompletedTask;
            }
        }

        public static class ObjectChains
        {
            // The step is the input (an identity conversion to TInput beats the conversion to object), not the value.
            public static Step<NoResult> FromStep() => Logs.Log.Call(Pipeline.ProcessImage.Call("u", 5));
            public static Step<NoResult> Null() => Logs.Log.Call(null);
        }
        """;

    [Fact]
    public async Task AnObjectFirstParameter_TakesAStepAsTheInput_AndNullAsTheValue()
    {
        using var scenario = ScenarioAssembly.Build("WorkflowObject", TestSources.WorkflowChain, ObjectFirst);
        Assert.Equal(
        [
            "process_image route=gpu input=- join=False arity=0 {\"url\":\"u\",\"width\":5}",
            "log route=default input=value join=False arity=1 {}",
        ], await StartAsync<NoResult>(scenario, "FromStep", "ObjectChains"));
        Assert.Equal(["log route=default input=- join=False arity=0 {\"value\":null}"], await StartAsync<NoResult>(scenario, "Null", "ObjectChains"));
    }

    [Fact]
    public void TheMethodGroupForm_IsEmitted_OnlyWhenTheOtherParametersAreOptional()
    {
        using var scenario = ScenarioAssembly.Build("WorkflowOverloads", TestSources.WorkflowChain);
        // Call(IStepInput<T1>) alone: PublishThumbnail (one parameter) and Annotate (the other optional), not Tag.
        Assert.True(HasSingleInputCall(scenario, "Pipeline.PublishThumbnail"));
        Assert.True(HasSingleInputCall(scenario, "Pipeline.Annotate"));
        Assert.False(HasSingleInputCall(scenario, "Pipeline.Tag"));
        // Charge's first parameter makes its unique key: no input form at all. Ping has no parameter to take an input.
        Assert.DoesNotContain(Calls(scenario, "Pipeline.Charge"), TakesStepInput);
        Assert.Contains(Calls(scenario, "Pipeline.Tag"), TakesStepInput);
        Assert.Equal(["options"], Calls(scenario, "Pipeline.Ping").Single().GetParameters().Select(p => p.Name!).ToArray());
    }

    private static MethodInfo[] Calls(ScenarioAssembly scenario, string proxy) =>
        scenario.Type(proxy).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == "Call").ToArray();

    private static bool HasSingleInputCall(ScenarioAssembly scenario, string proxy) =>
        Calls(scenario, proxy).Any(m => m.GetParameters().Length == 1 && TakesStepInput(m));

    /// <summary>An input form: <c>Call&lt;TInput&gt;(TInput first, …) where TInput : IStepInput&lt;T1&gt;</c>.</summary>
    private static bool TakesStepInput(MethodInfo call) =>
        call.IsGenericMethodDefinition
        && call.GetParameters()[0].ParameterType.GetGenericParameterConstraints().Any(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IStepInput<>));

    /// <summary>Starts the workflow <paramref name="method"/> builds on a recording engine; one line per stored step, parents first.</summary>
    private static async Task<string[]> StartAsync<T>(ScenarioAssembly scenario, string method, string type = "Chains")
    {
        var step = (Step<T>)scenario.Call(type, method)!;
        var engine = DispatchProxy.Create<IRecordingEngine, RecordingEngine>();
        var client = new BananasClient(engine);
        await client.StartWorkflowAsync(step);
        var submission = ((RecordingEngine)(object)engine).Submissions.Single();
        return submission.Steps.Select(s =>
            $"{s.Name} route={s.RoutingKey} input={s.Workflow!.InputParameter ?? "-"} join={s.Workflow.JoinsResults} arity={s.Workflow.Arity} {s.Payload}").ToArray();
    }

    /// <summary>An engine that stores workflows; the recording proxy implements it.</summary>
    public interface IRecordingEngine : IQueueEngine, IWorkflowEngine;

    /// <summary>Records the workflows started on it; any other engine call is a test failure.</summary>
    public class RecordingEngine : DispatchProxy
    {
        public List<WorkflowSubmission> Submissions { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod!.Name)
            {
                case nameof(IWorkflowEngine.StartWorkflowAsync):
                    Submissions.Add((WorkflowSubmission)args![0]!);
                    return Task.FromResult(true);
                case "get_" + nameof(IQueueEngine.Name):
                    return "recording";
                default:
                    throw new NotSupportedException($"The recording engine does not do {targetMethod.Name}.");
            }
        }
    }
}
