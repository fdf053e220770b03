using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Client;

/// <summary>An enqueued job: its id, status, and cancellation.</summary>
public class JobHandle
{
    /// <summary>Creates a handle.</summary>
    /// <param name="id">The job.</param>
    /// <param name="client">The client to read and act through.</param>
    /// <param name="duplicate">True when the enqueue that returned this handle was a duplicate of a unique job (<see cref="IsDuplicate"/>).</param>
    /// <param name="replaced">True when the enqueue replaced the arguments of a waiting job with the same debounce key (<see cref="IsReplaced"/>).</param>
    public JobHandle(JobId id, IBananasClient client, bool duplicate = false, bool replaced = false)
    {
        Id = id;
        Client = client ?? throw new ArgumentNullException(nameof(client));
        IsDuplicate = duplicate;
        IsReplaced = replaced;
    }

    /// <summary>The job id.</summary>
    public JobId Id { get; }

    /// <summary>
    /// True when the enqueue found a unique job with the same key in its scope (<see cref="JobOptions.Unique"/>): no job
    /// was created, and this handle is the existing job's.
    /// </summary>
    public bool IsDuplicate { get; }

    /// <summary>
    /// True when the enqueue found a job with the same debounce key still waiting to run (<see cref="JobOptions.Debounce"/>,
    /// <see cref="JobOptions.Replace"/>): no job was created; that job took the new arguments, and this handle is its.
    /// </summary>
    public bool IsReplaced { get; }

    /// <summary>The client the job was enqueued through.</summary>
    protected IBananasClient Client { get; }

    /// <summary>The current status, or null when no record exists (expired after completion).</summary>
    public async Task<JobStatus?> GetStatusAsync(CancellationToken cancellationToken = default) =>
        (await Client.GetJobAsync(Id, cancellationToken).ConfigureAwait(false))?.Status;

    /// <summary>The job record, or null when no record exists (never existed, or expired after it finished).</summary>
    public Task<JobRecord?> GetJobAsync(CancellationToken cancellationToken = default) => Client.GetJobAsync(Id, cancellationToken);

    /// <summary>The stored result without waiting (JSON text, or the error of a failed job), or null while the job has none.</summary>
    public Task<JobResult?> GetResultAsync(CancellationToken cancellationToken = default) => Client.GetResultAsync(Id, cancellationToken);

    /// <summary>Waits for the job to finish successfully (see <see cref="IBananasClient.WaitForResultAsync"/>).</summary>
    public Task WaitForCompletionAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Client.WaitForResultAsync(Id, timeout, cancellationToken);

    /// <summary>
    /// The handler's latest progress report as JSON text (<see cref="JobRecord.Progress"/>), or null when it has not
    /// reported (or no record exists).
    /// </summary>
    public async Task<string?> GetProgressJsonAsync(CancellationToken cancellationToken = default) =>
        (await Client.GetJobAsync(Id, cancellationToken).ConfigureAwait(false))?.Progress;

    /// <summary>The latest progress report decoded by <paramref name="decode"/>, or default when it has not reported.</summary>
    public async Task<TProgress?> GetProgressAsync<TProgress>(Func<string, TProgress> decode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decode);
        return await GetProgressJsonAsync(cancellationToken).ConfigureAwait(false) is { } json ? decode(json) : default;
    }

    /// <summary>The latest progress report deserialized with <paramref name="typeInfo"/>, or default when it has not reported.</summary>
    public Task<TProgress?> GetProgressAsync<TProgress>(JsonTypeInfo<TProgress> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return GetProgressAsync(json => JsonSerializer.Deserialize(json, typeInfo)!, cancellationToken);
    }

    /// <summary>
    /// The job's progress reports as JSON text: the current one first (when it has reported), then each new one as it is
    /// stored, until the job finishes (its last report is read then, so it is not missed) or
    /// <paramref name="cancellationToken"/> fires (the enumeration ends with <see cref="OperationCanceledException"/>).
    /// A report equal to the one before is not repeated. Ends at once when no record exists. Watching marks the job as
    /// waited for, like <see cref="WaitForCompletionAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<string> WatchProgressJsonAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var engine = Client.Engine;
        var updates = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Subscribe before reading the record, so a report stored in between is not missed.
        await using var subscription = await engine.SubscribeProgressAsync(Id, json => updates.Writer.TryWrite(json), cancellationToken).ConfigureAwait(false);
        var job = await engine.GetJobAsync(Id, cancellationToken).ConfigureAwait(false);
        if (job is null) yield break;
        string? last = null;
        if (job.Progress is { } current)
        {
            last = current;
            yield return current;
        }
        if (job.Status is JobStatus.Completed or JobStatus.Failed) yield break;
        var finished = engine.WaitForResultAsync(Id, stop.Token);
        _ = finished.ContinueWith(static (_, w) => ((ChannelWriter<string>)w!).TryComplete(), updates.Writer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            while (await updates.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (updates.Reader.TryRead(out var json))
                {
                    if (json == last) continue;
                    last = json;
                    yield return json;
                }
            }
            // Finished: its last report was stored before the outcome, so the record has it even if its notice is still on the way.
            if ((await engine.GetJobAsync(Id, cancellationToken).ConfigureAwait(false))?.Progress is { } final && final != last)
                yield return final;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await finished.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>As <see cref="WatchProgressJsonAsync"/>, each report decoded by <paramref name="decode"/>.</summary>
    public async IAsyncEnumerable<TProgress> WatchProgressAsync<TProgress>(Func<string, TProgress> decode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decode);
        await foreach (var json in WatchProgressJsonAsync(cancellationToken).ConfigureAwait(false))
            yield return decode(json);
    }

    /// <summary>As <see cref="WatchProgressJsonAsync"/>, each report deserialized with <paramref name="typeInfo"/>.</summary>
    public IAsyncEnumerable<TProgress> WatchProgressAsync<TProgress>(JsonTypeInfo<TProgress> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return WatchProgressAsync(json => JsonSerializer.Deserialize(json, typeInfo)!, cancellationToken);
    }

    /// <summary>
    /// The latest report decoded by a task's generated progress decoder, or default when it has not reported; a report
    /// that does not decode throws <see cref="TaskProgressException"/> (the job and the task named, the decoder's
    /// exception inner). What <see cref="JobHandle{TResult, TProgress}"/> and <see cref="ProgressJobHandle{TProgress}"/> call.
    /// </summary>
    internal async Task<TProgress?> GetTypedProgressAsync<TProgress>(Func<string, TProgress> decode, CancellationToken cancellationToken) =>
        await GetProgressJsonAsync(cancellationToken).ConfigureAwait(false) is { } json ? DecodeProgress(decode, json) : default;

    /// <summary>As <see cref="WatchProgressJsonAsync"/>, each report decoded as <see cref="GetTypedProgressAsync"/> does.</summary>
    internal async IAsyncEnumerable<TProgress> WatchTypedProgressAsync<TProgress>(Func<string, TProgress> decode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var json in WatchProgressJsonAsync(cancellationToken).ConfigureAwait(false))
            yield return DecodeProgress(decode, json);
    }

    private TProgress DecodeProgress<TProgress>(Func<string, TProgress> decode, string json)
    {
        try
        {
            return decode(json);
        }
        catch (TaskResultException ex)
        {
            throw new TaskProgressException(Id, ex.TaskName, ex.Reason, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TaskProgressException(Id, null, ex.Message, ex);
        }
    }

    /// <summary>Cancels the job (see <see cref="IBananasClient.CancelAsync"/>).</summary>
    public Task<CancelOutcome> CancelAsync(CancellationToken cancellationToken = default) => Client.CancelAsync(Id, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Id.ToString();
}

/// <summary>An enqueued job with a typed result.</summary>
/// <typeparam name="TResult">The handler's return type.</typeparam>
public class JobHandle<TResult> : JobHandle
{
    private readonly Func<string?, TResult> _decodeResult;

    /// <summary>Creates a handle; <paramref name="decodeResult"/> turns the stored JSON into the result (generated code).</summary>
    public JobHandle(JobId id, IBananasClient client, Func<string?, TResult> decodeResult, bool duplicate = false, bool replaced = false) : base(id, client, duplicate, replaced)
    {
        _decodeResult = decodeResult ?? throw new ArgumentNullException(nameof(decodeResult));
    }

    /// <summary>Decodes a stored result of this job's task.</summary>
    internal TResult Decode(string? json) => _decodeResult(json);

    /// <summary>Waits for the typed result. Throws <see cref="TimeoutException"/> or <see cref="JobFailedException"/>.</summary>
    public async Task<TResult> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var result = await Client.WaitForResultAsync(Id, timeout, cancellationToken).ConfigureAwait(false);
        return _decodeResult(result.ResultJson);
    }

    /// <summary>
    /// The typed outcome without waiting: null while the job has no stored result (not finished, or the result expired);
    /// otherwise its status and, when it completed, the decoded value (a result that does not decode throws the decoder's
    /// exception, e.g. <see cref="TaskResultException"/>).
    /// </summary>
    public async Task<JobResult<TResult>?> TryGetResultAsync(CancellationToken cancellationToken = default)
    {
        var result = await Client.GetResultAsync(Id, cancellationToken).ConfigureAwait(false);
        if (result is null) return null;
        return new JobResult<TResult>
        {
            Id = result.Id,
            Status = result.Status,
            Value = result.Status == JobStatus.Completed ? _decodeResult(result.ResultJson) : default,
            Error = result.Error,
            ErrorType = result.ErrorType,
            CompletedAt = result.CompletedAt,
            Duration = result.Duration,
        };
    }
}

/// <summary>
/// An enqueued job of a task that returns a value and reports progress (an <c>IProgress&lt;TProgress&gt;</c> parameter):
/// what its generated proxy's <c>EnqueueAsync</c> and <c>GetHandle</c> return. The progress reads are typed, decoded by
/// the task's generated decoder.
/// </summary>
/// <typeparam name="TResult">The handler's return type.</typeparam>
/// <typeparam name="TProgress">The type of the handler's progress reports.</typeparam>
public sealed class JobHandle<TResult, TProgress> : JobHandle<TResult>
{
    private readonly Func<string, TProgress> _decodeProgress;

    /// <summary>Creates a handle; <paramref name="decodeResult"/> and <paramref name="decodeProgress"/> turn stored JSON into the result and a report (generated code).</summary>
    public JobHandle(JobId id, IBananasClient client, Func<string?, TResult> decodeResult, Func<string, TProgress> decodeProgress, bool duplicate = false, bool replaced = false)
        : base(id, client, decodeResult, duplicate, replaced)
    {
        _decodeProgress = decodeProgress ?? throw new ArgumentNullException(nameof(decodeProgress));
    }

    /// <summary>
    /// The latest progress report, or default when it has not reported (or no record exists). A report that does not
    /// decode throws <see cref="TaskProgressException"/>.
    /// </summary>
    public Task<TProgress?> GetProgressAsync(CancellationToken cancellationToken = default) => GetTypedProgressAsync(_decodeProgress, cancellationToken);

    /// <summary>As <see cref="JobHandle.WatchProgressJsonAsync"/>, each report decoded (<see cref="TaskProgressException"/> when one does not).</summary>
    public IAsyncEnumerable<TProgress> WatchProgressAsync(CancellationToken cancellationToken = default) => WatchTypedProgressAsync(_decodeProgress, cancellationToken);
}

/// <summary>
/// An enqueued job of a task that returns nothing and reports progress (an <c>IProgress&lt;TProgress&gt;</c> parameter):
/// what its generated proxy's <c>EnqueueAsync</c> and <c>GetHandle</c> return. The progress reads are typed, decoded by
/// the task's generated decoder.
/// </summary>
/// <typeparam name="TProgress">The type of the handler's progress reports.</typeparam>
public sealed class ProgressJobHandle<TProgress> : JobHandle
{
    private readonly Func<string, TProgress> _decodeProgress;

    /// <summary>Creates a handle; <paramref name="decodeProgress"/> turns a stored report into <typeparamref name="TProgress"/> (generated code).</summary>
    public ProgressJobHandle(JobId id, IBananasClient client, Func<string, TProgress> decodeProgress, bool duplicate = false, bool replaced = false)
        : base(id, client, duplicate, replaced)
    {
        _decodeProgress = decodeProgress ?? throw new ArgumentNullException(nameof(decodeProgress));
    }

    /// <summary>
    /// The latest progress report, or default when it has not reported (or no record exists). A report that does not
    /// decode throws <see cref="TaskProgressException"/>.
    /// </summary>
    public Task<TProgress?> GetProgressAsync(CancellationToken cancellationToken = default) => GetTypedProgressAsync(_decodeProgress, cancellationToken);

    /// <summary>As <see cref="JobHandle.WatchProgressJsonAsync"/>, each report decoded (<see cref="TaskProgressException"/> when one does not).</summary>
    public IAsyncEnumerable<TProgress> WatchProgressAsync(CancellationToken cancellationToken = default) => WatchTypedProgressAsync(_decodeProgress, cancellationToken);
}

/// <summary>A finished job's outcome with its typed value (<see cref="JobHandle{TResult}.TryGetResultAsync"/>).</summary>
/// <typeparam name="TResult">The handler's return type.</typeparam>
public sealed record JobResult<TResult>
{
    /// <summary>The job.</summary>
    public required JobId Id { get; init; }
    /// <summary><see cref="JobStatus.Completed"/> or <see cref="JobStatus.Failed"/>.</summary>
    public required JobStatus Status { get; init; }
    /// <summary>The decoded return value when <see cref="Status"/> is completed; default otherwise.</summary>
    public TResult? Value { get; init; }
    /// <summary>Final error message of a failed job.</summary>
    public string? Error { get; init; }
    /// <summary>Final error's exception type name.</summary>
    public string? ErrorType { get; init; }
    /// <summary>When it finished.</summary>
    public DateTimeOffset CompletedAt { get; init; }
    /// <summary>How long the last execution ran.</summary>
    public TimeSpan Duration { get; init; }
}
