using System.Linq;
using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// Emits the argument codec (payload = JSON object keyed by parameter name) and the result codec, written with
/// <c>Utf8JsonWriter</c> and read with <c>Utf8JsonReader</c>; user types go through their <c>JsonTypeInfo&lt;T&gt;</c>.
/// </summary>
internal static class CodecEmitter
{
    public static void Write(SourceWriter w, TaskEmitContext c)
    {
        WriteEncodePayload(w, c);
        WriteEncodeArguments(w, c);
        WriteDecodeArguments(w, c);
        if (c.Task.Result is { } result)
        {
            WriteEncodeResult(w, c, result);
            WriteDecodeResult(w, c, result);
        }
        if (c.Progress is { } progress)
        {
            WriteEncodeProgress(w, c, progress);
            WriteDecodeProgress(w, c, progress);
        }
    }

    /// <summary>
    /// <c>DecodeProgress(json)</c>: a stored report read like a result (same readers, same <c>JsonTypeInfo</c>), for the
    /// typed handle; throws <c>TaskResultException</c>, which the handle turns into <c>TaskProgressException</c> with the job id.
    /// </summary>
    private static void WriteDecodeProgress(SourceWriter w, TaskEmitContext c, ValueModel progress)
    {
        var taskName = c.Member("TaskName");
        w.Lines($$"""
            /// <summary>Decodes one stored progress report; throws <see cref="global::Bananas.Tasks.TaskResultException"/> when it does not fit the progress type.</summary>
            internal static {{progress.TypeName}} DecodeProgress(string json)
            {
                var reader = {{KnownTypes.TaskJsonReader}}.StartResult(json, {{taskName}});
                {{progress.TypeName}} progress = {{ValueCodeEmitter.Read(progress, "reader", taskName, "null", c.Json)}};
                {{KnownTypes.TaskJsonReader}}.EndResult(ref reader, {{taskName}});
                return progress;
            }

            """);
    }

    private static void WriteEncodeProgress(SourceWriter w, TaskEmitContext c, ValueModel progress) => w.Lines($$"""
        /// <summary>Encodes one progress report of the handler's <c>IProgress&lt;T&gt;</c> as JSON for the job record.</summary>
        internal static string EncodeProgress({{progress.TypeName}} progress)
        {
            var buffer = new {{KnownTypes.ArrayBufferWriter}}(128);
            using (var writer = new {{KnownTypes.Utf8JsonWriter}}(buffer))
            {
                {{ValueCodeEmitter.Write(progress, "progress", "writer", c.Member("TaskName"), "\"progress\"", c.Json)}}
            }
            return {{KnownTypes.Encoding}}.UTF8.GetString(buffer.WrittenSpan);
        }

        """);

    /// <summary>
    /// <c>EncodePayload(…)</c>: the arguments written with a validating <c>Utf8JsonWriter</c> and handed to the client as a
    /// <c>TaskPayload</c>, which it does not parse again.
    /// </summary>
    private static void WriteEncodePayload(SourceWriter w, TaskEmitContext c)
    {
        var taskName = c.Member("TaskName");
        w.Lines("""
            /// <summary>
            /// Encodes the arguments as the job payload, a JSON object keyed by parameter name, for
            /// <see cref="global::Bananas.Tasks.Client.IBananasClient.EnqueueAsync(string, global::Bananas.Tasks.Client.TaskPayload, global::Bananas.Tasks.JobOptions?, global::System.Threading.CancellationToken)"/>,
            /// which checks its size and not its JSON again.
            /// </summary>
            """);
        using (w.OpenBlock($"internal static {KnownTypes.TaskPayload} EncodePayload({c.ParameterList()})"))
        {
            foreach (var p in c.Payload.Where(p => p.Value!.IsReferenceType && !p.Value.AllowsNull))
                w.Line($"{KnownTypes.ArgumentNullException}.ThrowIfNull({FileHeader.Identifier(p.Name)});");
            w.Line($"var {c.Buffer} = new {KnownTypes.ArrayBufferWriter}(256);");
            using (w.OpenBlock($"using (var {c.Writer} = new {KnownTypes.Utf8JsonWriter}({c.Buffer}))"))
            {
                w.Line($"{c.Writer}.WriteStartObject();");
                foreach (var p in c.Payload)
                {
                    var literal = Literals.String(p.Name);
                    w.Line($"{c.Writer}.WritePropertyName({literal});");
                    w.Line(ValueCodeEmitter.Write(p.Value!, FileHeader.Identifier(p.Name), c.Writer, taskName, literal, c.Json));
                }
                w.Line($"{c.Writer}.WriteEndObject();");
            }
            w.Line($"return {KnownTypes.TaskProxySupport}.EncodedPayload({c.Buffer}.WrittenSpan);");
        }
        w.Line();
    }

    /// <summary><c>EncodeArguments(…)</c>: the payload's text, for what takes text (the registration's <c>AddPeriodic</c>, a <c>TaskEnvelope</c>).</summary>
    private static void WriteEncodeArguments(SourceWriter w, TaskEmitContext c) => w.Lines($$"""
        /// <summary>The job payload of <see cref="{{c.Member("EncodePayload")}}"/> as text, for an API that takes text (a periodic schedule, a <see cref="global::Bananas.Tasks.Client.TaskEnvelope"/>).</summary>
        internal static string EncodeArguments({{c.ParameterList()}}) => {{c.Member("EncodePayload")}}({{c.ArgumentList}}).Json;

        """);

    private static void WriteDecodeArguments(SourceWriter w, TaskEmitContext c)
    {
        var taskName = c.Member("TaskName");
        var r = c.Reader;
        var outs = string.Concat(c.Payload.Select(p => $", out {p.Value!.TypeName} {FileHeader.Identifier(p.Name)}"));
        w.Lines("""
            /// <summary>
            /// Decodes a job payload into the arguments. Missing, repeated or unknown properties, a null for a
            /// non-nullable parameter and a value of the wrong JSON type throw <see cref="global::Bananas.Tasks.TaskPayloadException"/>
            /// naming the parameter and the expected type: the job fails permanently.
            /// </summary>
            """);
        using (w.OpenBlock($"internal static void DecodeArguments(string {c.PayloadText}{outs})"))
        {
            foreach (var p in c.Payload)
            {
                var suppress = p.Value!.IsReferenceType && !p.Value.AllowsNull ? "!" : "";
                w.Line($"{FileHeader.Identifier(p.Name)} = default{suppress};");
            }
            foreach (var p in c.Payload) w.Line($"bool {c.Seen[p.Name]} = false;");
            w.Line($"var {r} = {KnownTypes.TaskJsonReader}.StartPayload({c.PayloadText}, {taskName});");
            using (w.OpenBlock($"while ({KnownTypes.TaskJsonReader}.NextProperty(ref {r}, {taskName}))"))
            {
                var keyword = "if";
                foreach (var p in c.Payload)
                {
                    var literal = Literals.String(p.Name);
                    // An old name of [BananaArgument("old")] reads into the same parameter (and the same "seen" flag,
                    // so a payload with both names fails as a repeated property).
                    var condition = string.Join(" || ", new[] { p.Name }.Concat(p.OldNames).Select(n => $"{r}.ValueTextEquals({Literals.String(n)})"));
                    using (w.OpenBlock($"{keyword} ({condition})"))
                    {
                        w.Line($"{KnownTypes.TaskJsonReader}.EnterValue(ref {r}, {taskName}, {literal}, ref {c.Seen[p.Name]});");
                        w.Line($"{FileHeader.Identifier(p.Name)} = {ValueCodeEmitter.Read(p.Value!, r, taskName, literal, c.Json)};");
                    }
                    keyword = "else if";
                }
                var names = Literals.String(string.Join(", ", c.Payload.Select(p => p.Name)));
                var unknown = $"throw {KnownTypes.TaskJsonReader}.UnknownProperty(ref {r}, {taskName}, {names});";
                if (c.Payload.Count == 0)
                {
                    w.Line(unknown);
                }
                else
                {
                    using (w.OpenBlock("else")) w.Line(unknown);
                }
            }
            w.Line($"{KnownTypes.TaskJsonReader}.EndPayload(ref {r}, {taskName});");
            foreach (var p in c.Payload)
            {
                var name = FileHeader.Identifier(p.Name);
                w.Line(p.DefaultValueLiteral is { } literal
                    ? $"if (!{c.Seen[p.Name]}) {name} = {TaskEmitContext.DefaultFor(p, literal)};"
                    : $"if (!{c.Seen[p.Name]}) throw {KnownTypes.TaskJsonReader}.MissingProperty({taskName}, {Literals.String(p.Name)}, {Literals.String(p.Value!.DisplayName)});");
            }
        }
        w.Line();
    }

    private static void WriteEncodeResult(SourceWriter w, TaskEmitContext c, ValueModel result) => w.Lines($$"""
        /// <summary>Encodes the handler's result as JSON for the result store.</summary>
        internal static string EncodeResult({{result.TypeName}} result)
        {
            var buffer = new {{KnownTypes.ArrayBufferWriter}}(256);
            using (var writer = new {{KnownTypes.Utf8JsonWriter}}(buffer))
            {
                {{ValueCodeEmitter.Write(result, "result", "writer", c.Member("TaskName"), "\"result\"", c.Json)}}
            }
            return {{KnownTypes.Encoding}}.UTF8.GetString(buffer.WrittenSpan);
        }

        """);

    private static void WriteDecodeResult(SourceWriter w, TaskEmitContext c, ValueModel result)
    {
        var taskName = c.Member("TaskName");
        w.Lines($$"""
            /// <summary>Decodes a stored result; throws <see cref="global::Bananas.Tasks.TaskResultException"/> when it does not fit the result type.</summary>
            internal static {{result.TypeName}} DecodeResult(string? json)
            {
                var reader = {{KnownTypes.TaskJsonReader}}.StartResult(json, {{taskName}});
                {{result.TypeName}} result = {{ValueCodeEmitter.Read(result, "reader", taskName, "null", c.Json)}};
                {{KnownTypes.TaskJsonReader}}.EndResult(ref reader, {{taskName}});
                return result;
            }

            """);
    }
}
