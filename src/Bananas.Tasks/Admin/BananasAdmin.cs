using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Admin;

/// <summary>
/// The <see cref="IBananasAdmin"/> over an engine that implements <see cref="IQueueEngineAdmin"/> (both built-in engines do).
/// Checks every argument here, so both engines refuse the same things with the same words.
/// </summary>
public sealed class BananasAdmin : IBananasAdmin
{
    /// <summary>Largest <c>maxJobs</c> of one batched dead letter call.</summary>
    public const int MaxBatch = 10_000;

    /// <summary>Most days <see cref="GetThroughputAsync"/> returns.</summary>
    public const int MaxDays = 90;

    private readonly IQueueEngine _engine;

    /// <summary>Creates the admin API over <paramref name="engine"/>.</summary>
    public BananasAdmin(IQueueEngine engine)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
    }

    /// <inheritdoc/>
    public string EngineName => _engine.Name;

    private IQueueEngineAdmin Admin => _engine as IQueueEngineAdmin ?? throw new NotSupportedException(
        $"The {_engine.Name} queue engine ({_engine.GetType().FullName}) does not implement IQueueEngineAdmin, so it has no admin API; use the Redis or in-memory engine, or implement IQueueEngineAdmin.");

    /// <inheritdoc/>
    public async Task<QueueOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        var overview = await Admin.GetOverviewAsync(cancellationToken).ConfigureAwait(false);
        Telemetry.BananasTelemetry.ObservePaused(_engine, overview.PausedRoutes);
        return overview;
    }

    /// <inheritdoc/>
    public Task<JobPage> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!Enum.IsDefined(query.State))
            throw new ArgumentOutOfRangeException(nameof(query), query.State, "JobListQuery.State must be Pending, Scheduled, Processing, Dead, Completed or Failed.");
        if (query.Limit is < 1 or > JobListQuery.MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"JobListQuery.Limit is {query.Limit}; expected 1 to {JobListQuery.MaxLimit}.");
        if (query.ScanLimit is < 1 or > JobListQuery.MaxScanLimit)
            throw new ArgumentOutOfRangeException(nameof(query), query.ScanLimit, $"JobListQuery.ScanLimit is {query.ScanLimit}; expected 1 to {JobListQuery.MaxScanLimit}.");
        if (query.Priority is { } p && !Enum.IsDefined(p))
            throw new ArgumentOutOfRangeException(nameof(query), p, "JobListQuery.Priority must be High, Normal or Low (or null for all three).");
        CheckTaskName(query.TaskName, nameof(query));
        if (query.Text is { } text)
        {
            if (string.IsNullOrWhiteSpace(text) || text.Length > JobListQuery.MaxTextLength)
                throw new ArgumentException($"JobListQuery.Text must hold 1 to {JobListQuery.MaxTextLength} characters, not only white space (null for no text filter); got {text.Length} characters.", nameof(query));
            return ListMatchingTextAsync(query, text, cancellationToken);
        }
        return Admin.ListJobsAsync(query, cancellationToken);
    }

    /// <summary>
    /// The text filter, the same on every engine: reads the engine's listing (with its own filters) in slices of at most
    /// the jobs still wanted, so every job the engine returns is either kept or passed and the engine's cursor stays exact;
    /// stops at <see cref="JobListQuery.Limit"/> matches or <see cref="JobListQuery.ScanLimit"/> entries examined.
    /// </summary>
    private async Task<JobPage> ListMatchingTextAsync(JobListQuery query, string text, CancellationToken cancellationToken)
    {
        var matched = new List<JobListItem>();
        var scanned = 0;
        var cursor = query.Cursor;
        do
        {
            var budget = query.ScanLimit - scanned;
            var slice = query with { Text = null, Cursor = cursor, Limit = Math.Min(query.Limit - matched.Count, budget), ScanLimit = budget };
            var page = await Admin.ListJobsAsync(slice, cancellationToken).ConfigureAwait(false);
            scanned += page.Scanned;
            matched.AddRange(page.Jobs.Where(item =>
                item.Job.Id.Value.Contains(text, StringComparison.OrdinalIgnoreCase) || item.Job.Name.Contains(text, StringComparison.OrdinalIgnoreCase)));
            cursor = page.NextCursor;
            if (page.Scanned == 0) break;
        }
        while (cursor is not null && matched.Count < query.Limit && scanned < query.ScanLimit);
        return new JobPage { Jobs = matched, NextCursor = cursor, Scanned = scanned };
    }

    /// <inheritdoc/>
    public Task<JobDetails?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) =>
        Admin.GetJobDetailsAsync(CheckId(id), cancellationToken);

    /// <inheritdoc/>
    public async Task<JobStatus?> GetStatusAsync(JobId id, CancellationToken cancellationToken = default) =>
        (await _engine.GetJobAsync(CheckId(id), cancellationToken).ConfigureAwait(false))?.Status;

    /// <inheritdoc/>
    public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) =>
        _engine.GetResultAsync(CheckId(id), cancellationToken);

    /// <inheritdoc/>
    public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) =>
        _engine.CancelAsync(CheckId(id), cancellationToken);

    /// <inheritdoc/>
    public Task<Workflows.WorkflowRecord?> GetWorkflowAsync(string workflowId, CancellationToken cancellationToken = default) =>
        Workflows().GetWorkflowAsync(CheckWorkflowId(workflowId), cancellationToken);

    /// <inheritdoc/>
    public Task<Workflows.WorkflowCancelOutcome> CancelWorkflowAsync(string workflowId, CancellationToken cancellationToken = default) =>
        Workflows().CancelWorkflowAsync(CheckWorkflowId(workflowId), cancellationToken);

    private Workflows.IWorkflowEngine Workflows() => _engine as Workflows.IWorkflowEngine
        ?? throw new NotSupportedException($"The engine '{_engine.Name}' stores no workflows; the Redis and in-memory engines do.");

    private static string CheckWorkflowId(string workflowId)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        if (!JobId.TryParse(workflowId, out _))
            throw new ArgumentException($"'{workflowId}' is not a workflow id: expected 1-128 characters without whitespace.", nameof(workflowId));
        return workflowId;
    }

    /// <inheritdoc/>
    public Task<bool> RequeueDeadAsync(JobId id, CancellationToken cancellationToken = default) =>
        _engine.RequeueDeadAsync(CheckId(id), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> DeleteDeadAsync(JobId id, CancellationToken cancellationToken = default) =>
        _engine.DeleteDeadAsync(CheckId(id), cancellationToken);

    /// <inheritdoc/>
    public Task<DeadLetterBatchResult> RequeueDeadAsync(DeadLetterSelection selection, int maxJobs = 1000, string? cursor = null, CancellationToken cancellationToken = default) =>
        BatchAsync(DeadLetterAction.Requeue, selection, maxJobs, cursor, cancellationToken);

    /// <inheritdoc/>
    public Task<DeadLetterBatchResult> DeleteDeadAsync(DeadLetterSelection selection, int maxJobs = 1000, string? cursor = null, CancellationToken cancellationToken = default) =>
        BatchAsync(DeadLetterAction.Delete, selection, maxJobs, cursor, cancellationToken);

    private Task<DeadLetterBatchResult> BatchAsync(DeadLetterAction action, DeadLetterSelection selection, int maxJobs, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (maxJobs is < 1 or > MaxBatch)
            throw new ArgumentOutOfRangeException(nameof(maxJobs), maxJobs, $"maxJobs is {maxJobs}; expected 1 to {MaxBatch} dead letter entries per call.");
        CheckTaskName(selection.TaskName, nameof(selection));
        return Admin.DeadLetterBatchAsync(action, selection, maxJobs, cursor, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> PauseRouteAsync(RoutingKey route, CancellationToken cancellationToken = default)
    {
        var changed = await Admin.SetPausedAsync(route, true, cancellationToken).ConfigureAwait(false);
        Telemetry.BananasTelemetry.ObservePausedChange(_engine, route, paused: true);
        return changed;
    }

    /// <inheritdoc/>
    public async Task<bool> ResumeRouteAsync(RoutingKey route, CancellationToken cancellationToken = default)
    {
        var changed = await Admin.SetPausedAsync(route, false, cancellationToken).ConfigureAwait(false);
        Telemetry.BananasTelemetry.ObservePausedChange(_engine, route, paused: false);
        return changed;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RoutingKey>> GetPausedRoutesAsync(CancellationToken cancellationToken = default)
    {
        var paused = await Admin.GetPausedRoutesAsync(cancellationToken).ConfigureAwait(false);
        Telemetry.BananasTelemetry.ObservePaused(_engine, paused);
        return paused;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken cancellationToken = default) =>
        Admin.ListWorkersAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<ThroughputStats> GetThroughputAsync(RoutingKey? route = null, int days = 30, CancellationToken cancellationToken = default)
    {
        if (days is < 1 or > MaxDays)
            throw new ArgumentOutOfRangeException(nameof(days), days, $"days is {days}; expected 1 to {MaxDays} (day counters are kept {MaxDays} days).");
        return Admin.GetThroughputAsync(route, days, cancellationToken);
    }

    private static JobId CheckId(JobId id) =>
        id.Value is null ? throw new ArgumentException("The job id is default(JobId); pass an id from an enqueue or a listing, or JobId.Parse(text).", nameof(id)) : id;

    private static void CheckTaskName(string? taskName, string parameter)
    {
        if (taskName is null) return;
        if (BananasRules.ValidateTaskName(taskName) is { } error)
            throw new ArgumentException("Cannot filter by task name: " + error + ".", parameter);
    }
}
