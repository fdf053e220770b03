using System.Diagnostics;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Client;

/// <summary>The <see cref="IBananasClient"/> over an <see cref="IQueueEngine"/>.</summary>
public sealed class BananasClient : IBananasClient
{
    private static IBananasClient? s_default;
    private readonly TimeProvider _time;
    private readonly BananasClientOptions _options;

    /// <summary>Creates a client.</summary>
    public BananasClient(IQueueEngine engine, BananasClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _options = options ?? new BananasClientOptions();
        _time = timeProvider ?? TimeProvider.System;
        Admin = new Admin.BananasAdmin(Engine);
    }

    /// <inheritdoc/>
    public Admin.IBananasAdmin Admin { get; }

    /// <summary>
    /// The host's client, used by the static forms of generated proxies. Set when a host built with
    /// <c>AddBananas()</c> starts (or by assignment, e.g. in tests).
    /// </summary>
    public static IBananasClient? Default
    {
        get => Volatile.Read(ref s_default);
        set => Volatile.Write(ref s_default, value);
    }

    /// <summary>The default client, or an <see cref="InvalidOperationException"/> that says how to configure one.</summary>
    public static IBananasClient RequireDefault() =>
        Default ?? throw new InvalidOperationException(
            "No default Bananas client is configured. Call builder.Services.AddBananas() and start the host before enqueuing through a generated proxy's static methods, or pass an IBananasClient to the overload that takes one.");

    /// <inheritdoc/>
    public IQueueEngine Engine { get; }

    /// <inheritdoc/>
    public Task<JobId> EnqueueAsync(string taskName, string payloadJson, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        EnqueueAsync(CreateJob(taskName, payloadJson, options), cancellationToken);

    /// <inheritdoc/>
    public Task<JobId> EnqueueAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        EnqueueAsync(CreateJob(taskName, payload, options), cancellationToken);

    /// <inheritdoc/>
    public Task<EnqueueResult> SubmitAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        SubmitAsync(CreateJob(taskName, payload, options), cancellationToken);

    /// <summary>Enqueues one job the way <see cref="SubmitAsync(string, TaskPayload, JobOptions?, CancellationToken)"/> does, from a payload given as text.</summary>
    public Task<EnqueueResult> SubmitAsync(string taskName, string payloadJson, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        SubmitAsync(CreateJob(taskName, payloadJson, options), cancellationToken);

    private async Task<JobId> EnqueueAsync(JobRecord job, CancellationToken cancellationToken) =>
        (await SubmitAsync(job, cancellationToken).ConfigureAwait(false)).Id;

    private async Task<EnqueueResult> SubmitAsync(JobRecord job, CancellationToken cancellationToken)
    {
        EnqueueOutcome outcome = default;
        await StoreWithRetryAsync(async ct => outcome = await Engine.TryEnqueueAsync(job, ct).ConfigureAwait(false), [job.Id], cancellationToken).ConfigureAwait(false);
        if (outcome.DuplicateOf is { } existing) return outcome.Replaced ? new EnqueueResult(existing, false, true) : new EnqueueResult(existing, true);
        Telemetry.BananasTelemetry.JobsEnqueued.Add(1, Telemetry.BananasTelemetry.Tags(job.Name, job.RoutingKey));
        return new EnqueueResult(job.Id, false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<JobId>> EnqueueManyAsync(IReadOnlyList<TaskEnvelope> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var records = new JobRecord[jobs.Count];
        var ids = new JobId[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
        {
            var envelope = jobs[i] ?? throw new ArgumentException($"Job {i} of the batch is null.", nameof(jobs));
            records[i] = CreateJob(envelope.TaskName, envelope.PayloadJson, envelope.Options);
            ids[i] = records[i].Id;
        }
        await StoreWithRetryAsync(ct => Engine.EnqueueManyAsync(records, ct), ids, cancellationToken).ConfigureAwait(false);
        foreach (var record in records) Telemetry.BananasTelemetry.JobsEnqueued.Add(1, Telemetry.BananasTelemetry.Tags(record.Name, record.RoutingKey));
        return ids;
    }

    /// <summary>Tries of an enqueue that times out or loses its connection, the first included.</summary>
    private const int EnqueueTries = 3;

    /// <summary>
    /// Runs an enqueue; a timeout or a lost connection is retried with the same ids (enqueue is idempotent by id: a
    /// try that did reach the engine makes the next one a no-op), at most <see cref="EnqueueTries"/> tries 100 ms and
    /// 400 ms apart. When every try failed so, the jobs may have been stored: <see cref="EnqueueOutcomeUnknownException"/>
    /// says so. Any other exception is the engine refusing before it stored anything, and is thrown as it is.
    /// </summary>
    private async Task StoreWithRetryAsync(Func<CancellationToken, Task> store, IReadOnlyList<JobId> ids, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await store(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or StackExchange.Redis.RedisConnectionException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= EnqueueTries) throw new EnqueueOutcomeUnknownException(ids, attempt, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(attempt == 1 ? 100 : 400), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Builds the record the engine stores from a payload given as text: the JSON is checked here, once.</summary>
    internal JobRecord CreateJob(string taskName, string payloadJson, JobOptions? options)
    {
        CheckTaskName(taskName);
        ArgumentNullException.ThrowIfNull(payloadJson);
        var size = System.Text.Encoding.UTF8.GetByteCount(payloadJson);
        CheckSize(taskName, size, nameof(payloadJson));
        if (Json.TaskPayloadRules.Check(payloadJson, size, out var cause) is { } error)
            throw new ArgumentException($"Cannot enqueue task '{taskName}': {error}.", nameof(payloadJson), cause);
        return CreateRecord(taskName, payloadJson, options);
    }

    /// <summary>Builds the record from a payload the codec wrote: its JSON is not parsed again, its size is checked.</summary>
    internal JobRecord CreateJob(string taskName, TaskPayload payload, JobOptions? options)
    {
        CheckTaskName(taskName);
        if (payload.Json is null)
            throw new ArgumentException($"Cannot enqueue task '{taskName}': the payload is default(TaskPayload); get one from the generated proxy's codec.", nameof(payload));
        CheckSize(taskName, payload.Utf8Length, nameof(payload));
        return CreateRecord(taskName, payload.Json, options);
    }

    private static void CheckTaskName(string taskName)
    {
        var nameError = BananasRules.ValidateTaskName(taskName);
        if (nameError is not null) throw new ArgumentException("Cannot enqueue: " + nameError + ".", nameof(taskName));
    }

    private void CheckSize(string taskName, int size, string parameterName)
    {
        if (size > _options.MaxPayloadBytes)
            throw new ArgumentException($"Cannot enqueue task '{taskName}': the payload is {size} bytes, over the {_options.MaxPayloadBytes}-byte limit (BananasOptions.MaxPayloadBytes). Store large data elsewhere and pass a reference.", parameterName);
    }

    private JobRecord CreateRecord(string taskName, string payloadJson, JobOptions? options)
    {
        var priority = options?.Priority ?? Priority.Normal;
        if (JobOptionsRules.Check(options?.Route, priority, options?.MaxRetries, options?.Timeout, out var route) is { } error)
            throw new ArgumentException($"Cannot enqueue task '{taskName}': {error}.", nameof(options));
        var maxRetries = options?.MaxRetries ?? _options.DefaultMaxRetries;

        var now = _time.GetUtcNow();
        var (uniqueLock, uniqueScope, uniqueFor) = UniqueLocks.For(taskName, payloadJson, options);
        var (rateBucket, rateLimit, rateScope) = RateBuckets.For(taskName, route, options);
        var (concurrencyKey, concurrencyLimit) = FlowKeys.Concurrency(taskName, route, options);
        var (sequenceLock, sequenceHold) = FlowKeys.Sequence(taskName, options);
        var (debounceLock, debounceMode, debounceWindow) = FlowKeys.Debounce(taskName, options);
        // A debounced job runs a window after its last enqueue unless the caller gave its own time.
        DateTimeOffset? due = options?.RunAt ?? (options?.Delay is { } delay ? now + delay : debounceWindow is { } window ? now + window : null);
        return new JobRecord
        {
            Id = Engine is Redis.IJobIdPolicy policy ? policy.IdFor(route, options?.JobId) : options?.JobId ?? JobId.New(),
            Name = taskName,
            Payload = payloadJson,
            Priority = priority,
            RoutingKey = route,
            MaxRetries = maxRetries,
            Timeout = options?.Timeout,
            Description = options?.Description,
            TraceParent = options?.TraceParent ?? Activity.Current?.Id,
            CreatedAt = now,
            UpdatedAt = now,
            ScheduledFor = due,
            Status = due > now ? JobStatus.Scheduled : JobStatus.Pending,
            UniqueLock = uniqueLock,
            UniqueScope = uniqueScope,
            UniqueFor = uniqueFor,
            NotifyResult = options?.AwaitResult ?? false,
            RateBucket = rateBucket,
            RateLimit = rateLimit,
            RateScope = rateScope,
            ConcurrencyKey = concurrencyKey,
            ConcurrencyLimit = concurrencyLimit,
            SequenceLock = sequenceLock,
            SequenceHold = sequenceHold,
            DebounceLock = debounceLock,
            DebounceMode = debounceMode,
            DebounceWindow = debounceWindow,
        };
    }

    /// <inheritdoc/>
    public Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => Engine.GetJobAsync(id, cancellationToken);

    /// <inheritdoc/>
    public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) => Engine.GetResultAsync(id, cancellationToken);

    /// <inheritdoc/>
    public async Task<JobResult> WaitForResultAsync(JobId id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The wait timeout must be positive (or Timeout.InfiniteTimeSpan).");
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, cancellationToken);
        JobResult result;
        try
        {
            result = await Engine.WaitForResultAsync(id, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var job = await Engine.GetJobAsync(id, CancellationToken.None).ConfigureAwait(false);
            var status = job is null ? "unknown (no job record)" : job.Status.ToWireName();
            throw new TimeoutException($"Job {id} did not finish within {timeout}; its last known status is {status}. The job itself goes on.");
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // The engine saw the linked token; the caller should see their own (catch … when (e.CancellationToken == ct)).
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        if (result.Status == JobStatus.Failed) throw new JobFailedException(id, result.Error, result.ErrorType);
        return result;
    }

    /// <inheritdoc/>
    public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => Engine.CancelAsync(id, cancellationToken);
}
