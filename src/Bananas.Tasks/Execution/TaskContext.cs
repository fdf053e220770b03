using System.Text.Json.Serialization.Metadata;
using Bananas.Tasks.Execution;

namespace Bananas.Tasks;

/// <summary>
/// One execution of a job, as its handler sees it. Declare a parameter of this type on a <c>[BananaTask]</c>
/// method (in any position) and the worker passes it in, like a <see cref="System.Threading.CancellationToken"/>:
/// it is never part of the payload and the generated proxy never asks for it.
/// </summary>
/// <example>
/// <code>
/// [BananaTask]
/// public static Task Export(string reportId, TaskContext context, CancellationToken cancellationToken)
/// {
///     if (context.IsLastAttempt) { /* tell someone before the job goes to the dead letter queue */ }
///     ...
/// }
/// </code>
/// </example>
public sealed class TaskContext
{
    /// <summary>Creates a context. The worker does this for every execution; tests may too.</summary>
    public TaskContext(JobRecord job, IServiceProvider services, CancellationToken cancellationToken)
    {
        Job = job ?? throw new ArgumentNullException(nameof(job));
        Services = services ?? throw new ArgumentNullException(nameof(services));
        CancellationToken = cancellationToken;
    }

    /// <summary>Creates a context whose progress reports go to <paramref name="progress"/> (the worker).</summary>
    internal TaskContext(JobRecord job, IServiceProvider services, CancellationToken cancellationToken, ProgressReporter? progress)
        : this(job, services, cancellationToken)
    {
        Progress = progress;
    }

    /// <summary>Where this execution's progress reports go; null outside a worker.</summary>
    internal ProgressReporter? Progress { get; }

    /// <summary>
    /// An <see cref="IProgress{T}"/> whose reports are stored on the job (<see cref="JobRecord.Progress"/>, throttled,
    /// the last one stored before the outcome) and pushed to watchers (<c>JobHandle.WatchProgressJsonAsync</c>). A
    /// task's <c>IProgress&lt;T&gt;</c> parameter gets one; a handler taking the context may make its own. Outside a
    /// worker (a context a test built) the reports are kept only in <see cref="TaskProgress{T}.Last"/>.
    /// </summary>
    /// <param name="typeInfo">How to serialize <typeparamref name="T"/> (from a <c>JsonSerializerContext</c>).</param>
    public TaskProgress<T> CreateProgress<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new(Progress, value => System.Text.Json.JsonSerializer.Serialize(value, typeInfo));
    }

    /// <summary>
    /// As <see cref="CreateProgress{T}(JsonTypeInfo{T})"/>, each report encoded as JSON text by <paramref name="encode"/>
    /// (the generated invoker passes the task's <c>EncodeProgress</c>).
    /// </summary>
    public TaskProgress<T> CreateProgress<T>(Func<T, string> encode)
    {
        ArgumentNullException.ThrowIfNull(encode);
        return new(Progress, encode);
    }

    /// <summary>The job being run, as stored (<see cref="JobRecord.Attempts"/> already counts this execution).</summary>
    public JobRecord Job { get; }

    /// <summary>The job's DI scope: one scope per execution.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Fires on the job's timeout, on a cancel request and on worker shutdown.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The arguments as JSON text.</summary>
    public string Payload => Job.Payload;

    /// <summary>The job's id (as <c>EnqueueAsync</c> returned it in the handle).</summary>
    public JobId JobId => Job.Id;

    /// <summary>The task name on the wire, e.g. <c>process_image</c>.</summary>
    public string TaskName => Job.Name;

    /// <summary>Which execution this is: 1 for the first, 2 for the first retry, and so on.</summary>
    public int Attempt => Job.Attempts;

    /// <summary>Retries allowed after the first failure: the job runs at most <c>MaxRetries + 1</c> times.</summary>
    public int MaxRetries => Job.MaxRetries;

    /// <summary>True when a failure of this execution is final (the job goes to the dead letter queue, no retry follows).</summary>
    public bool IsLastAttempt => Job.Attempts > Job.MaxRetries;

    /// <summary>The route the job was fetched from.</summary>
    public RoutingKey RoutingKey => Job.RoutingKey;

    /// <summary>The job's priority within its route.</summary>
    public Priority Priority => Job.Priority;

    /// <summary>When the job was enqueued (not when this execution started).</summary>
    public DateTimeOffset EnqueuedAt => Job.CreatedAt;

    /// <summary>
    /// The W3C <c>traceparent</c> of the code that enqueued the job (<c>00-{trace id}-{span id}-{flags}</c>), or null
    /// when it ran without an <see cref="System.Diagnostics.Activity"/>. Use it to link the handler's own telemetry.
    /// </summary>
    public string? TraceParent => Job.TraceParent;
}
