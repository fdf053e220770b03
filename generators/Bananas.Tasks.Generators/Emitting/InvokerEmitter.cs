using System.Linq;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>Emits the worker-side invoker: decode the payload, resolve the handler, call it, encode the result.</summary>
internal static class InvokerEmitter
{
    public static void Write(SourceWriter w, TaskEmitContext c)
    {
        var task = c.Task;
        var ctx = c.Context;
        w.Line("/// <summary>");
        w.Line("/// Runs one job of the task in the worker: decodes the payload,"
            + (task.IsStatic ? " calls the static handler" : " resolves the handler from the job's DI scope, calls it")
            + " with the job's cancellation token, and returns the result as JSON" + (task.Result is null ? " (none for this task)." : "."));
        w.Line("/// </summary>");
        using (w.OpenBlock($"internal static async {KnownTypes.ValueTask}<string?> InvokeAsync({KnownTypes.TaskContext} {ctx})"))
        {
            w.Line($"{KnownTypes.ArgumentNullException}.ThrowIfNull({ctx});");
            var outs = string.Concat(c.Payload.Select(p => $", out var {FileHeader.Identifier(p.Name)}"));
            w.Line($"{c.Member("DecodeArguments")}({ctx}.Payload{outs});");
            string target;
            if (task.IsStatic)
            {
                target = task.HandlerTypeName;
            }
            else
            {
                w.Line($"var {c.Handler} = {KnownTypes.ServiceProviderExtensions}.GetRequiredService<{task.HandlerTypeName}>({ctx}.Services);");
                target = c.Handler;
            }
            var args = string.Join(", ", task.Parameters.Select(c.InvokerArgument));
            var call = $"{target}.{FileHeader.Identifier(task.MethodName)}({args}).ConfigureAwait(false)";
            if (task.Result is null)
            {
                w.Line($"await {call};");
                w.Line("return null;");
            }
            else
            {
                w.Line($"var {c.Result} = await {call};");
                w.Line($"return {c.Member("EncodeResult")}({c.Result});");
            }
        }
    }
}
