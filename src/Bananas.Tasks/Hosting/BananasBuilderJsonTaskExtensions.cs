using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bananas.Tasks.Registration;

namespace Bananas.Tasks.Hosting;

/// <summary>Delegate tasks with typed arguments and results through System.Text.Json metadata (AOT-safe).</summary>
public static class BananasBuilderJsonTaskExtensions
{
    /// <summary>
    /// Registers a task whose payload is one JSON object decoded as <typeparamref name="TArgs"/>. A payload that is not
    /// valid JSON or does not fit <typeparamref name="TArgs"/> fails the job permanently with a
    /// <see cref="TaskPayloadException"/> naming the task.
    /// </summary>
    public static IBananasBuilder AddTask<TArgs, TResult>(this IBananasBuilder builder, string name,
        JsonTypeInfo<TArgs> argsInfo, JsonTypeInfo<TResult> resultInfo,
        Func<TArgs, TaskContext, CancellationToken, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(argsInfo);
        ArgumentNullException.ThrowIfNull(resultInfo);
        ArgumentNullException.ThrowIfNull(handler);
        return builder.AddTask(name, async ctx =>
        {
            var args = Decode(name, ctx.Payload, argsInfo);
            var result = await handler(args, ctx, ctx.CancellationToken).ConfigureAwait(false);
            return JsonSerializer.Serialize(result, resultInfo);
        });
    }

    /// <summary>Registers a task with typed arguments and no result.</summary>
    public static IBananasBuilder AddTask<TArgs>(this IBananasBuilder builder, string name,
        JsonTypeInfo<TArgs> argsInfo, Func<TArgs, TaskContext, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(argsInfo);
        ArgumentNullException.ThrowIfNull(handler);
        return builder.AddTask(name, async ctx =>
        {
            var args = Decode(name, ctx.Payload, argsInfo);
            await handler(args, ctx, ctx.CancellationToken).ConfigureAwait(false);
            return null;
        });
    }

    private static TArgs Decode<TArgs>(string task, string payload, JsonTypeInfo<TArgs> info)
    {
        try
        {
            var value = JsonSerializer.Deserialize(payload, info);
            return value ?? throw new TaskPayloadException(task, null, $"the payload is null; expected a JSON object for {typeof(TArgs).Name}.");
        }
        catch (JsonException ex)
        {
            throw new TaskPayloadException(task, null, $"expected a JSON object for {typeof(TArgs).Name}: {ex.Message}", ex);
        }
    }
}
