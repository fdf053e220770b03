using System.Diagnostics;
using System.Text.Json.Serialization;
using Bananas.Tasks;

[assembly: BananasJsonContext(typeof(HttpApi.HttpApiJson))]

namespace HttpApi;

/// <summary>What every task returns: stored as the job's result and shown by <c>GET /tasks/status</c>.</summary>
/// <param name="Summary">What the task did.</param>
/// <param name="ProcessedBy">The node (NODE_ID) whose worker ran it.</param>
/// <param name="Seconds">How long it ran.</param>
public sealed record TaskOutcome(string Summary, string ProcessedBy, double Seconds);

/// <summary>
/// The four task types of the distributed queue example, one <c>[BananaTask]</c> each. The wire name is the
/// example's type (<c>email</c>, <c>image</c>, <c>report</c>, <c>default</c>); the generated proxies are
/// <c>SendEmail</c>, <c>ProcessImage</c>, <c>GenerateReport</c> and <c>RunDefaultTask</c>. Resolved from DI per job.
/// </summary>
public sealed class QueueTasks(NodeSettings node)
{
    [BananaTask(Name = "email", Description = "Send email notification (1 s)")]
    public Task<TaskOutcome> SendEmail(string payload, CancellationToken cancellationToken) =>
        Work(TimeSpan.FromSeconds(1), $"email sent to {payload}", cancellationToken);

    [BananaTask(Name = "image", Description = "Process/resize image (3 s)")]
    public Task<TaskOutcome> ProcessImage(string payload, CancellationToken cancellationToken) =>
        Work(TimeSpan.FromSeconds(3), $"image {payload} resized", cancellationToken);

    [BananaTask(Name = "report", Description = "Generate PDF report (5 s)")]
    public Task<TaskOutcome> GenerateReport(string payload, CancellationToken cancellationToken) =>
        Work(TimeSpan.FromSeconds(5), $"report {payload}.pdf generated", cancellationToken);

    [BananaTask(Name = "default", Description = "Generic task (2 s)")]
    public Task<TaskOutcome> RunDefaultTask(string payload, CancellationToken cancellationToken) =>
        Work(TimeSpan.FromSeconds(2), $"task {payload} done", cancellationToken);

    /// <summary>Simulates the work: the example's duration times TASK_DURATION_SCALE.</summary>
    private async Task<TaskOutcome> Work(TimeSpan duration, string summary, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await Task.Delay(node.Scale(duration), cancellationToken);
        return new TaskOutcome(summary, node.NodeId, Math.Round(watch.Elapsed.TotalSeconds, 3));
    }
}

[JsonSerializable(typeof(TaskOutcome))]
internal sealed partial class HttpApiJson : JsonSerializerContext;
