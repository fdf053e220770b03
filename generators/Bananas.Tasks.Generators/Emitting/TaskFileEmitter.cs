using System.Collections.Generic;
using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// Emits one task's file: the proxy type (<see cref="ProxyEmitter"/>), its workflow steps (<see cref="WorkflowCallEmitter"/>), its argument/result codec
/// (<see cref="CodecEmitter"/>) and its worker invoker (<see cref="InvokerEmitter"/>).
/// </summary>
internal static class TaskFileEmitter
{
    public static string Emit(TaskModel task, JsonContextModel json)
    {
        var c = new TaskEmitContext(task, json);
        var w = new SourceWriter();
        FileHeader.Write(w);
        if (task.Namespace.Length > 0)
        {
            using (w.OpenBlock("namespace " + task.Namespace)) WriteProxyType(w, c);
        }
        else
        {
            WriteProxyType(w, c);
        }
        return w.ToString();
    }

    private static void WriteProxyType(SourceWriter w, TaskEmitContext c)
    {
        var task = c.Task;
        var handler = task.HandlerTypeName.Substring("global::".Length) + "." + task.MethodName;
        var payload = c.Payload.Count == 0 ? " (empty for this task)." : ": " + Describe(c.Payload) + ".";
        w.Lines($$"""
            /// <summary>
            /// Typed proxy of the <c>{{FileHeader.Xml(task.TaskName)}}</c> task, handled by <c>{{FileHeader.Xml(handler)}}</c>:
            /// enqueue it from anywhere; a worker that serves its route runs the handler.
            /// </summary>
            /// <remarks>
            /// {{TaskDefaultsCode.Describe(task.Defaults)}} Per-call <see cref="{{KnownTypes.JobOptions}}"/> override them.
            /// The payload is a JSON object keyed by parameter name{{payload}}
            /// </remarks>
            {{FileHeader.GeneratedCodeAttribute}}
            """);
        using (w.OpenBlock((task.IsPublic ? "public" : "internal") + " static class " + task.ProxyName))
        {
            w.Lines($$"""
                /// <summary>The task name on the wire: <c>{{FileHeader.Xml(task.TaskName)}}</c>.</summary>
                public const string TaskName = {{Literals.String(task.TaskName)}};

                """);
            ProxyEmitter.Write(w, c);
            WorkflowCallEmitter.Write(w, c);
            CodecEmitter.Write(w, c);
            InvokerEmitter.Write(w, c);
        }
    }

    private static string Describe(IReadOnlyList<ParameterModel> payload)
    {
        var parts = new List<string>();
        foreach (var p in payload) parts.Add($"<c>{FileHeader.Xml(p.Name)}</c> ({FileHeader.Xml(p.Value!.DisplayName)}{(p.IsOptional ? ", optional" : "")})");
        return string.Join(", ", parts);
    }
}
