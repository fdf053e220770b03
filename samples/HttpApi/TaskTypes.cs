using Bananas.Tasks;
using Bananas.Tasks.Client;

namespace HttpApi;

/// <summary>The API's task types, mapped to the generated typed proxies.</summary>
internal static class TaskTypes
{
    /// <summary>The accepted <c>type</c> values, in the example's order.</summary>
    public static readonly string[] Names = [SendEmail.TaskName, ProcessImage.TaskName, GenerateReport.TaskName, RunDefaultTask.TaskName];

    public static bool IsKnown(string type) => Names.Contains(type, StringComparer.Ordinal);

    /// <summary>Enqueues a task of <paramref name="type"/> (one of <see cref="Names"/>) through its typed proxy.</summary>
    public static Task<JobHandle<TaskOutcome>> EnqueueAsync(IBananasClient client, string type, string payload, CancellationToken cancellationToken) => type switch
    {
        SendEmail.TaskName => SendEmail.EnqueueAsync(client, payload, cancellationToken: cancellationToken),
        ProcessImage.TaskName => ProcessImage.EnqueueAsync(client, payload, cancellationToken: cancellationToken),
        GenerateReport.TaskName => GenerateReport.EnqueueAsync(client, payload, cancellationToken: cancellationToken),
        RunDefaultTask.TaskName => RunDefaultTask.EnqueueAsync(client, payload, cancellationToken: cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a task type of this API."),
    };

    /// <summary>
    /// A typed handle to an existing job of <paramref name="type"/>, from its id, through the proxy's generated
    /// <c>GetHandle</c> (any node can build one: nothing is read until it is asked). Null for a job of another task.
    /// </summary>
    public static JobHandle<TaskOutcome>? HandleFor(IBananasClient client, string type, JobId id) => type switch
    {
        SendEmail.TaskName => SendEmail.GetHandle(client, id),
        ProcessImage.TaskName => ProcessImage.GetHandle(client, id),
        GenerateReport.TaskName => GenerateReport.GetHandle(client, id),
        RunDefaultTask.TaskName => RunDefaultTask.GetHandle(client, id),
        _ => null,
    };
}
