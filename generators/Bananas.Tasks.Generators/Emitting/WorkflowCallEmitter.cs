using System.Collections.Generic;
using System.Linq;
using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// Emits the proxy's workflow steps: <c>Call(…)</c>, a <c>Step&lt;TResult&gt;</c> of the task with all its arguments, and
/// <c>Call(IStepInput&lt;T1&gt; first, …)</c>, a step whose first argument is the result of the step(s) before it
/// (<c>step.Then(t =&gt; Other.Call(t, "news"))</c>). A task whose other parameters are all optional also gets
/// <c>Call(IStepInput&lt;T1&gt; first)</c> with nothing else, so that <c>step.Then(Other.Call)</c> binds as a method group (a
/// method group conversion does not fill optional parameters).
/// </summary>
/// <remarks>
/// The input forms are generic, <c>Call&lt;TInput&gt;(TInput first, …) where TInput : IStepInput&lt;T1&gt;</c>, so that overload
/// resolution is never ambiguous: a <c>null</c> or <c>default</c> first argument has no type to infer <c>TInput</c> from, so
/// only the value form applies (a plain <c>IStepInput&lt;T1&gt;</c> parameter would tie with <c>T1</c>); a step converts only
/// to the input form, or, for a first parameter of type <c>object</c>, better to it (an identity conversion to
/// <c>TInput</c>). A method group (<c>Then(Other.Call)</c>) and a lambda infer <c>TInput</c> as <c>IStepInput&lt;T&gt;</c>.
/// A task's unique, sequence and debounce defaults do not apply to its steps (<c>WithStepDefaults</c>): the workflow
/// engine refuses them, as a step is queued when the steps before it finish. A task whose first parameter feeds a key of its defaults (<c>UniqueBy</c>, <c>PartitionBy</c>, <c>SequenceBy</c>,
/// <c>DebounceBy</c>) gets no input form: the key is computed when the step is built, before its input exists.
/// </remarks>
internal static class WorkflowCallEmitter
{
    public static void Write(SourceWriter w, TaskEmitContext c)
    {
        var task = c.Task;
        var result = task.Result?.TypeName ?? KnownTypes.NoResult;
        var stepType = $"{KnownTypes.Step}<{result}>";
        var encodeResult = c.Member(task.Result is null ? "EncodeNoResult" : "EncodeResult");
        var decodeResult = c.Member(task.Result is null ? "DecodeNoResult" : "DecodeResult");
        var optionsParam = $"{KnownTypes.JobOptions}? {c.Options} = null";
        var first = c.Payload.FirstOrDefault();
        var takesInput = first is not null && !c.DefaultsArguments.Any(p => p.Name == first.Name);
        w.Lines($$"""
            /// <summary>
            /// This task as a workflow step with all its arguments, not yet started: chain the next step with
            /// <see cref="{{KnownTypes.Step}}{T}.Then{TNext}"/> and start the workflow with <c>StartWorkflowAsync</c>.
            /// </summary>
            public static {{stepType}} Call({{Join(c.ParameterList(), optionsParam)}})
                => {{KnownTypes.Workflow}}.Step<{{result}}>({{c.Member("TaskName")}}, {{c.Member("EncodeArguments")}}({{c.ArgumentList}}), {{Defaults(c, c.Options)}}, {{encodeResult}}, {{decodeResult}});

            """);

        if (takesInput)
        {
            var input = FileHeader.Identifier(first!.Name);
            var rest = c.Payload.Skip(1).ToList();
            var inputParam = $"{c.InputType} {input}";
            var constraint = $"where {c.InputType} : {KnownTypes.IStepInput}<{first.Value!.TypeName}>";
            var typeParam = $"/// <typeparam name=\"{c.InputType}\">The step or group before, an <see cref=\"{KnownTypes.IStepInput}{{T}}\"/> of <c>{FileHeader.Xml(first.Value.DisplayName)}</c>.</typeparam>";
            var inputCall = $"{KnownTypes.Workflow}.Step<{first.Value.TypeName}, {result}>({input}, {Literals.String(first.Name)}, {c.Member("TaskName")}, {c.Member("EncodeArgumentsAfterFirst")}({Arguments(rest)}), {Defaults(c, c.Options)}, {encodeResult}, {decodeResult})";
            w.Lines($$"""
                /// <summary>
                /// This task as a workflow step whose <paramref name="{{input}}"/> is the result of the step (or the list of
                /// results of the group) before it, e.g. <c>step.Then(t =&gt; {{FileHeader.Xml(task.ProxyName)}}.Call(t, …))</c>; the
                /// other arguments are given here.
                /// </summary>
                {{typeParam}}
                public static {{stepType}} Call<{{c.InputType}}>({{Join(Join(inputParam, Parameters(c, rest)), optionsParam)}}) {{constraint}}
                    => {{inputCall}};

                """);
            if (rest.All(p => p.IsOptional))
            {
                w.Lines($$"""
                    /// <summary>
                    /// This task as a workflow step whose <paramref name="{{input}}"/> is the result of the step before it, with the task's
                    /// defaults: the method group of <c>step.Then({{FileHeader.Xml(task.ProxyName)}}.Call)</c>.
                    /// </summary>
                    {{typeParam}}
                    public static {{stepType}} Call<{{c.InputType}}>({{inputParam}}) {{constraint}}
                        => {{c.Member("Call")}}({{input}}, {{c.Options}}: null);

                    """);
            }
            WriteEncodeArgumentsAfterFirst(w, c, rest);
        }

        WriteStepDefaults(w, c);
        if (task.Result is null)
        {
            w.Lines($$"""
                /// <summary>The result of a step of this task, which returns nothing: JSON <c>null</c>.</summary>
                private static string EncodeNoResult({{KnownTypes.NoResult}} _) => "null";

                /// <summary>The result a step of this task gives the next one: <see cref="{{KnownTypes.NoResult}}"/>.</summary>
                private static {{KnownTypes.NoResult}} DecodeNoResult(string? _) => default;

                """);
        }
    }

    /// <summary>
    /// <c>EncodeArgumentsAfterFirst(…)</c>: the payload object without the first parameter, which the engine adds when the
    /// steps before finish; each value is written by <see cref="ValueCodeEmitter.Write"/>, as in <c>EncodePayload</c>.
    /// </summary>
    private static void WriteEncodeArgumentsAfterFirst(SourceWriter w, TaskEmitContext c, IReadOnlyList<ParameterModel> rest)
    {
        var taskName = c.Member("TaskName");
        w.Lines($$"""
            /// <summary>The job payload without its first parameter, which a workflow fills with the result of the step before.</summary>
            """);
        using (w.OpenBlock($"internal static string EncodeArgumentsAfterFirst({Parameters(c, rest)})"))
        {
            foreach (var p in rest.Where(p => p.Value!.IsReferenceType && !p.Value.AllowsNull))
                w.Line($"{KnownTypes.ArgumentNullException}.ThrowIfNull({FileHeader.Identifier(p.Name)});");
            w.Line($"var {c.Buffer} = new {KnownTypes.ArrayBufferWriter}(256);");
            using (w.OpenBlock($"using (var {c.Writer} = new {KnownTypes.Utf8JsonWriter}({c.Buffer}))"))
            {
                w.Line($"{c.Writer}.WriteStartObject();");
                foreach (var p in rest)
                {
                    var literal = Literals.String(p.Name);
                    w.Line($"{c.Writer}.WritePropertyName({literal});");
                    w.Line(ValueCodeEmitter.Write(p.Value!, FileHeader.Identifier(p.Name), c.Writer, taskName, literal, c.Json));
                }
                w.Line($"{c.Writer}.WriteEndObject();");
            }
            w.Line($"return {KnownTypes.TaskProxySupport}.EncodedPayload({c.Buffer}.WrittenSpan).Json;");
        }
        w.Line();
    }

    /// <summary>
    /// The options a step is enqueued with: the call's, filled with the task's defaults when it has some, through
    /// <c>WithStepDefaults</c> when some of those are settings a step does not take (<see cref="StepRefusedSettings"/>).
    /// </summary>
    private static string Defaults(TaskEmitContext c, string options) => c.Task.Defaults.IsEmpty
        ? options
        : $"{c.Member(StepRefusedSettings(c.Task.Defaults).Count > 0 ? "WithStepDefaults" : "WithTaskDefaults")}({DefaultsArguments(c, options)})";

    private static string DefaultsArguments(TaskEmitContext c, string options) =>
        string.Join(", ", new[] { options }.Concat(c.DefaultsArguments.Select(p => FileHeader.Identifier(p.Name))));

    /// <summary>
    /// The <c>JobOptions</c> properties a task's defaults may set that a workflow step refuses (unique, sequence, debounce
    /// and replace: a step is queued when the steps before it finish, not by an enqueue they could decide on).
    /// </summary>
    private static IReadOnlyList<string> StepRefusedSettings(TaskDefaultsModel d)
    {
        var settings = new List<string>();
        if (d.Unique is not null) settings.AddRange(new[] { "Unique", "UniqueFor", "UniqueKey" });
        if (d.SequenceBy is not null) settings.AddRange(new[] { "SequenceKey", "SequenceHold" });
        if (d.Debounces) settings.AddRange(new[] { "Debounce", "DebounceKey" });
        return settings;
    }

    /// <summary>
    /// <c>WithStepDefaults(options, …)</c>: <c>WithTaskDefaults</c> without the task's own unique, sequence and debounce
    /// settings, which a step does not take; the call's own stay, and starting the workflow refuses them with a clear error.
    /// </summary>
    private static void WriteStepDefaults(SourceWriter w, TaskEmitContext c)
    {
        var d = c.Task.Defaults;
        var refused = StepRefusedSettings(d);
        if (d.IsEmpty || refused.Count == 0) return;
        var o = c.Options;
        var resets = refused.Select(p => $"{p} = {o}?.{p},").ToList();
        if (d.Debounces) resets.Add($"Replace = {o}?.Replace ?? false,");
        var parameters = string.Join("", c.DefaultsArguments.Select(p => ", " + p.Value!.TypeName + " " + FileHeader.Identifier(p.Name)));
        w.Lines($$"""
            /// <summary>
            /// The defaults of <c>[BananaTask]</c> a workflow step takes: all but its unique, sequence and debounce settings (a step
            /// is queued when the steps before it finish); those of <paramref name="{{o}}"/> stay, and starting the workflow refuses them.
            /// </summary>
            private static {{KnownTypes.JobOptions}} WithStepDefaults({{KnownTypes.JobOptions}}? {{o}}{{parameters}}) =>
                {{c.Member("WithTaskDefaults")}}({{DefaultsArguments(c, o)}}) with
                {
                    {{string.Join("\n", resets)}}
                };

            """);
    }

    /// <summary>Declarations of <paramref name="parameters"/>, with their defaults.</summary>
    private static string Parameters(TaskEmitContext c, IReadOnlyList<ParameterModel> parameters) => string.Join(", ", parameters.Select(p =>
        p.Value!.TypeName + " " + FileHeader.Identifier(p.Name) + (p.DefaultValueLiteral is { } literal ? " = " + TaskEmitContext.DefaultFor(p, literal) : "")));

    private static string Arguments(IReadOnlyList<ParameterModel> parameters) => string.Join(", ", parameters.Select(p => FileHeader.Identifier(p.Name)));

    private static string Join(string first, string second) => first.Length == 0 ? second : second.Length == 0 ? first : first + ", " + second;
}
