using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Client;

/// <summary>
/// The untyped client: a task name, a JSON payload and options. The generated typed proxies
/// (<c>ProcessImage.EnqueueAsync(url, 640)</c>) call it.
/// </summary>
public interface IBananasClient
{
    /// <summary>The engine behind this client.</summary>
    IQueueEngine Engine { get; }

    /// <summary>
    /// The inspection and admin API (listings, dead letter operations, pause/resume, workers, counters) of the same engine;
    /// the same surface DI gives as <see cref="Admin.IBananasAdmin"/>. An implementation that does not override it gets a new
    /// <see cref="Admin.BananasAdmin"/> over <see cref="Engine"/> on each read.
    /// </summary>
    Admin.IBananasAdmin Admin => new Admin.BananasAdmin(Engine);

    /// <summary>
    /// Enqueues one job. <paramref name="payloadJson"/> must be a JSON object. The route is validated
    /// (<see cref="ArgumentException"/> naming it and the accepted form). Returns the job id.
    /// </summary>
    Task<JobId> EnqueueAsync(string taskName, string payloadJson, JobOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enqueues one job whose payload is already known to be a JSON object (the generated proxies' codec writes it
    /// and wraps it with <see cref="Proxies.TaskProxySupport.EncodedPayload"/>): its size and the options are checked,
    /// its JSON is not parsed again. An implementation that does not override this checks the text as the string overload does.
    /// </summary>
    Task<JobId> EnqueueAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        EnqueueAsync(taskName, payload.Json, options, cancellationToken);

    /// <summary>
    /// Enqueues one job and says whether it was a duplicate of a unique job (<see cref="JobOptions.Unique"/>): then no job
    /// was created and the id is the existing job's. <see cref="EnqueueAsync(string, TaskPayload, JobOptions?, CancellationToken)"/>
    /// returns the same id without saying. An implementation that does not override it never reports a duplicate.
    /// </summary>
    async Task<EnqueueResult> SubmitAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        new(await EnqueueAsync(taskName, payload, options, cancellationToken).ConfigureAwait(false), false);

    /// <summary>Enqueues many jobs in as few round trips as possible; ids in input order.</summary>
    Task<IReadOnlyList<JobId>> EnqueueManyAsync(IReadOnlyList<TaskEnvelope> jobs, CancellationToken cancellationToken = default);

    /// <summary>The job record, or null when there is none (never existed, or expired after completion).</summary>
    Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>The stored result, or null while the job has none.</summary>
    Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for a job's successful result (pushed, not polled). Throws <see cref="TimeoutException"/> naming the
    /// job and its last known status when <paramref name="timeout"/> passes (the job goes on), and
    /// <see cref="JobFailedException"/> with the handler's error when the job failed for good.
    /// Cancelling <paramref name="cancellationToken"/> stops the wait, not the job.
    /// </summary>
    Task<JobResult> WaitForResultAsync(JobId id, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Cancels a job: a job that has not started never runs; a running job's CancellationToken fires.</summary>
    Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default);
}

/// <summary>What an enqueue did (<see cref="IBananasClient.SubmitAsync"/>).</summary>
/// <param name="Id">The job: the new one, or, for a duplicate, the existing job that holds the unique key.</param>
/// <param name="Duplicate">True when a unique job with the same key existed in its scope, so none was created.</param>
/// <param name="Replaced">True when a waiting job with the same debounce key took this enqueue's arguments (debounce or
/// replace), so none was created; <paramref name="Id"/> is that job.</param>
public readonly record struct EnqueueResult(JobId Id, bool Duplicate, bool Replaced = false);

/// <summary>One job for <see cref="IBananasClient.EnqueueManyAsync"/>.</summary>
public sealed record TaskEnvelope(string TaskName, string PayloadJson, JobOptions? Options = null);
