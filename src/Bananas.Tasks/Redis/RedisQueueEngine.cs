using System.Globalization;
using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The queue engine over Redis (StackExchange.Redis). Keys and job fields follow <c>docs/wire-format.md</c>; every
/// state transition is one embedded Lua script, so it is atomic. All times come from
/// <see cref="QueueEngineOptions.TimeProvider"/> (passed to the scripts as arguments), not from Redis's clock.
/// When Redis is unreachable, calls throw <see cref="RedisConnectionException"/> or <see cref="RedisTimeoutException"/>;
/// the caller (the worker) retries.
/// </summary>
public sealed partial class RedisQueueEngine : IQueueEngine, IReportsEngineIncidents
{
    /// <summary>Most jobs one enqueue script call stores (larger batches are split; the calls are pipelined).</summary>
    internal const int EnqueueChunk = 200;

    private readonly IConnectionMultiplexer _connection;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;
    private readonly TimeSpan _resultTtl;
    private readonly ResultWaiters _waiters;
    private readonly string _keepCompletedMs;
    private readonly string _waitedRetentionMs;
    private readonly bool _serverLeaseClock;
    private readonly string _maxPayloadBytes;
    private readonly bool _partition;

    /// <summary>Creates an engine on a connection the caller owns (it is not disposed with the engine).</summary>
    public RedisQueueEngine(IConnectionMultiplexer connection, QueueEngineOptions? options = null)
        : this(connection, options, incidents: null)
    {
    }

    /// <summary>An engine that reports into <paramref name="incidents"/>; a <paramref name="partition"/> of <see cref="RedisRouteShardedEngine"/> writes no layout marker.</summary>
    internal RedisQueueEngine(IConnectionMultiplexer connection, QueueEngineOptions? options, EngineIncidents? incidents, bool partition = false)
    {
        _partition = partition;
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new QueueEngineOptions();
        options.Validate(nameof(options));
        _keys = new RedisKeys(options.Prefix, options.RedisLayout);
        RefuseCluster(connection, _keys.Layout);
        _connection = connection;
        _time = options.TimeProvider;
        _resultTtl = options.ResultTtl;
        _keepCompletedMs = RetentionMs(options.KeepCompleted ?? options.ResultTtl);
        _waitedRetentionMs = RetentionMs(options.WaitedResultRetention);
        _maxPayloadBytes = options.MaxPayloadBytes.ToString(CultureInfo.InvariantCulture);
        _serverLeaseClock = options.LeaseClock == LeaseClock.Server || (options.LeaseClock == LeaseClock.Auto && ReferenceEquals(_time, TimeProvider.System));
        Incidents = incidents ?? new EngineIncidents(_time);
        _waiters = new ResultWaiters(connection.GetSubscriber(), id => GetResultAsync(id), MarkWaitedAsync);
    }

    /// <summary>What a Redis Cluster connection on the classic layout is told (docs/scaling.md): what to set instead.</summary>
    internal const string ClusterRefusal =
        "is a Redis Cluster, and the classic key layout cannot run there: its scripts touch keys of several hash slots (a cluster refuses them with CROSSSLOT). Set the cluster layout on every client and worker: REDIS_LAYOUT=cluster (or Bananas:RedisLayout = Cluster, BananasOptions.RedisLayout / QueueEngineOptions.RedisLayout = RedisKeyLayout.Cluster); its keys are the classic ones under the hash tag {prefix}, so jobs stored on the classic layout are not seen. See docs/scaling.md";

    /// <summary>
    /// Refuses a connection to a Redis Cluster on the classic layout with a message that says what to set, before any job
    /// is written. The cluster layout runs anywhere.
    /// </summary>
    internal static void RefuseCluster(IConnectionMultiplexer connection, RedisKeyLayout layout)
    {
        if (layout != RedisKeyLayout.Classic) return;
        foreach (var endpoint in connection.GetEndPoints())
        {
            var server = connection.GetServer(endpoint);
            if (server.IsConnected && server.ServerType == ServerType.Cluster)
                throw new NotSupportedException($"The Redis at {endpoint} {ClusterRefusal}.");
        }
    }

    /// <summary>True when a connected server of <paramref name="connection"/> is a Redis Cluster node.</summary>
    internal static bool OnCluster(IConnectionMultiplexer connection) =>
        connection.GetEndPoints().Any(e => connection.GetServer(e) is { IsConnected: true, ServerType: ServerType.Cluster });

    /// <summary>The key layout (<see cref="QueueEngineOptions.RedisLayout"/>).</summary>
    public RedisKeyLayout Layout => _keys.Layout;

    /// <inheritdoc/>
    public string Name => "redis";

    /// <summary>Keys of the wrong type skipped, queue entries dropped, risky settings (see docs/worker.md).</summary>
    public EngineIncidents Incidents { get; }

    /// <summary>The key prefix (<c>bananas</c> by default), without the cluster layout's braces.</summary>
    public string Prefix => _keys.Name;

    internal RedisKeys Keys => _keys;

    internal ResultWaiters ResultWaiters => _waiters;

    private IDatabase Db => _connection.GetDatabase();

    private DateTimeOffset Now => _time.GetUtcNow();

    private string ResultTtlMs => ((long)Math.Ceiling(_resultTtl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A retention as whole milliseconds, rounded up (0 only for zero).</summary>
    internal static string RetentionMs(TimeSpan span) => ((long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>Unix ms of a time, rounded down: "now" for lease comparisons.</summary>
    private static string UnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>True when lease deadlines are measured on the Redis server's clock (<see cref="LeaseClock"/>).</summary>
    internal bool ServerLeaseClock => _serverLeaseClock;

    /// <summary>"Now" on the lease clock, as lease_clock in _common.lua reads it: '' (Redis's TIME) or the engine's Unix ms.</summary>
    private string LeaseNow(DateTimeOffset now) => _serverLeaseClock ? "" : UnixMs(now);

    /// <summary>A lease deadline <paramref name="lease"/> from now on the lease clock: '+ms' after Redis's TIME, or the engine's Unix ms.</summary>
    private string LeaseDeadline(DateTimeOffset now, TimeSpan lease) =>
        _serverLeaseClock ? "+" + RetentionMs(lease) : UnixMsDeadline(now + lease);

    /// <summary>Unix ms of a lease deadline, rounded up, so a lease never expires before its deadline.</summary>
    private static string UnixMsDeadline(DateTimeOffset time)
    {
        var ms = time.ToUnixTimeMilliseconds();
        if (time.UtcTicks % TimeSpan.TicksPerMillisecond != 0) ms++;
        return ms.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public async Task<bool> EnqueueAsync(JobRecord job, CancellationToken cancellationToken = default) =>
        (await TryEnqueueAsync(job, cancellationToken).ConfigureAwait(false)).Stored;

    /// <inheritdoc/>
    public async Task<EnqueueOutcome> TryEnqueueAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureLayoutAsync().ConfigureAwait(false);
        var reply = await EnqueueChunkAsync([job]).ConfigureAwait(false);
        return reply[0];
    }

    /// <inheritdoc/>
    public async Task<int> EnqueueManyAsync(IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureLayoutAsync().ConfigureAwait(false);
        for (int i = 0; i < jobs.Count; i++)
            if (jobs[i] is null) throw new ArgumentException($"Job {i} of the batch is null.", nameof(jobs));
        var calls = new List<Task<EnqueueOutcome[]>>();
        for (int start = 0; start < jobs.Count; start += EnqueueChunk)
        {
            var chunk = new JobRecord[Math.Min(EnqueueChunk, jobs.Count - start)];
            for (int i = 0; i < chunk.Length; i++) chunk[i] = jobs[start + i];
            calls.Add(EnqueueChunkAsync(chunk)); // pipelined on the multiplexer, in order
            // The first chunk alone first: on a server that does not have the script yet (a restart, SCRIPT FLUSH, a new
            // server) every pipelined EVALSHA would fail with NOSCRIPT and be sent again as EVAL from its own continuation,
            // in no fixed order, and the batch's chunks would be queued out of order (a sequence's jobs too). Once the first
            // returns, the script is loaded and the rest keep their order.
            if (start == 0 && jobs.Count > EnqueueChunk) await calls[0].ConfigureAwait(false);
        }
        var replies = await Task.WhenAll(calls).ConfigureAwait(false);
        return replies.Sum(r => r.Count(o => o.Stored));
    }

    private async Task<EnqueueOutcome[]> EnqueueChunkAsync(IReadOnlyList<JobRecord> jobs)
    {
        var now = Now;
        var keys = new List<RedisKey>(2 + 2 * jobs.Count) { _keys.Routes, _keys.Scheduled };
        var args = new List<RedisValue>(3 + 24 * jobs.Count) { _keys.Prefix, JobHashCodec.FormatTime(now), JobHashCodec.FormatUnixSeconds(now) };
        foreach (var job in jobs)
        {
            var fields = JobHashCodec.EncodeForEnqueue(job);
            keys.Add(_keys.Job(job.Id));
            keys.Add(_keys.Queue(job.RoutingKey, job.Priority));
            args.Add(job.Id.Value);
            args.Add(job.RoutingKey.Value);
            args.Add(job.ScheduledFor is { } due ? JobHashCodec.FormatUnixSeconds(due) : "");
            args.Add(job.UniqueLock ?? "");
            args.Add(job.UniqueLock is null ? "" : JobHashCodec.UniqueScopeName(job.UniqueScope));
            args.Add(job.UniqueLock is not null && job.UniqueFor is { } lockFor ? JobHashCodec.LockTtlMs(lockFor) : "");
            args.Add(job.SequenceLock is not null || (job.DebounceLock is not null && job.DebounceMode != DebounceMode.None) ? "1" : "");
            args.Add(fields.Count);
            args.AddRange(fields);
        }
        var reply = (RedisResult[])(await RedisScripts.Enqueue.EvaluateAsync(Db, keys.ToArray(), args.ToArray()).ConfigureAwait(false))!;
        var outcomes = new EnqueueOutcome[reply.Length];
        for (int i = 0; i < reply.Length; i++)
            outcomes[i] = reply[i].Resp2Type switch
            {
                ResultType.Integer => new EnqueueOutcome((long)reply[i] == 1, null),
                ResultType.Array => new EnqueueOutcome(false, JobId.Unchecked(((RedisResult[])reply[i]!)[1].ToString()), Replaced: true),
                _ => new EnqueueOutcome(false, JobId.Unchecked(reply[i].ToString())),
            };
        return outcomes;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FetchedJob>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.MaxJobs <= 0 || request.Routes.Count == 0) return [];
        await EnsureLayoutAsync().ConfigureAwait(false);
        var now = Now;
        var nowText = JobHashCodec.FormatTime(now);
        var token = request.WorkerId + ":" + Guid.NewGuid().ToString("N");
        var keys = new List<RedisKey>(2 + 3 * request.Routes.Count) { _keys.Leases, _keys.Dead };
        var args = new List<RedisValue>(8 + 2 * request.Routes.Count)
        {
            _keys.Prefix, nowText, LeaseDeadline(now, request.LeaseDuration), token, request.WorkerId,
            request.MaxJobs, ResultTtlMs, _maxPayloadBytes,
        };
        foreach (var demand in request.Routes)
        {
            keys.AddRange(_keys.Queues(demand.Route));
            args.Add(demand.Route.Value);
            args.Add(Math.Max(0, demand.MaxJobs));
        }
        var both = (RedisResult[])(await RedisScripts.Fetch.EvaluateAsync(Db, keys.ToArray(), args.ToArray()).ConfigureAwait(false))!;
        var reply = (RedisResult[])both[0]!;
        ReportFetchNotes((RedisResult[])both[1]!);
        var fetched = new List<FetchedJob>(reply.Length);
        foreach (var entry in reply)
        {
            // Per job, nothing here may throw: one record the decoder cannot read costs only itself (the worker
            // dead-letters a job returned with a DecodeError), never the rest of the batch.
            var parts = (RedisResult[])entry!;
            var idText = parts[0].ToString();
            var idOk = JobId.TryParse(idText, out var id);
            if (!idOk) id = JobId.Unchecked(idText); // fetch-n.lua dead-letters such ids itself; kept as a second line
            var route = RoutingKey.Parse(parts[1].ToString()); // one of the request's routes
            var fields = JobHashCodec.ToDictionary((RedisResult[])parts[2]!);
            // What the reply leaves out because this call wrote it (fetch-n.lua's FETCH_KNOWN).
            fields["status"] = "processing";
            fields["started_at"] = nowText;
            fields["updated_at"] = nowText;
            fields["worker_id"] = request.WorkerId;
            var key = _keys.Job(id).ToString();
            if (!idOk)
                fetched.Add(new FetchedJob(id, token, route, null, $"job record {key} is malformed: field 'id' has value '{idText}'; expected 1-128 characters without whitespace or control characters"));
            else if (JobHashCodec.TryDecode(key, id, fields, out var job, out var error))
                fetched.Add(new FetchedJob(id, token, route, job, null));
            else
                fetched.Add(new FetchedJob(id, token, route, null, error));
        }
        return fetched;
    }

    /// <summary>
    /// The notes of fetch-n.lua: { kind, key, detail } per key it skipped (a queue of another type) or entry it dropped.
    /// A queue of another type, or a command Redis refused (<c>refused</c>: an ACL, the popped ids went back), degrades
    /// health until it has not been met for the quiet period; dropped entries are
    /// counted (bananas.queue.entries_dropped) and reported, without degrading.
    /// </summary>
    private void ReportFetchNotes(RedisResult[] notes)
    {
        foreach (var note in notes)
        {
            var parts = (RedisResult[])note!;
            var kind = parts[0].ToString();
            var key = parts[1].ToString();
            var detail = parts[2].ToString();
            if (kind is "wrong_type_queue" or "refused" or "rate_limit_skipped" or "concurrency_limit_skipped")
            {
                Incidents.Report(kind, key, detail, degrades: true);
                continue;
            }
            if (kind == "payload_too_large")
            {
                // The job is in the dead letter queue with the reason; reported, not degrading (one record, not a key).
                Incidents.Report(kind, key, detail, degrades: false);
                continue;
            }
            var reason = kind == "wrong_type_job" ? kind : detail.Split(':', 2)[0];
            Telemetry.BananasTelemetry.QueueEntriesDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
            Incidents.Report(kind, key, detail, degrades: kind == "wrong_type_job");
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<bool>> AckAsync(IReadOnlyList<JobCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        cancellationToken.ThrowIfCancellationRequested();
        if (completions.Count == 0) return [];
        var keys = new RedisKey[1 + completions.Count];
        var args = new RedisValue[4 + 5 * completions.Count];
        keys[0] = _keys.Leases;
        args[0] = _keys.Prefix;
        args[1] = JobHashCodec.FormatTime(Now);
        args[2] = _keepCompletedMs;
        args[3] = _waitedRetentionMs;
        int a = 4;
        for (int i = 0; i < completions.Count; i++)
        {
            var c = completions[i];
            if (c.KeepCompleted is { } keep && keep < TimeSpan.Zero)
                throw new ArgumentException($"Completion {i} (job {c.Id}) has KeepCompleted {keep}; expected zero or a positive duration.", nameof(completions));
            keys[1 + i] = _keys.Job(c.Id);
            args[a++] = c.Id.Value;
            args[a++] = c.LeaseToken ?? "";
            args[a++] = c.ResultJson ?? ""; // '' = no result (JSON text is never empty)
            args[a++] = Ms(c.Duration);
            args[a++] = c.KeepCompleted is { } k ? RetentionMs(k) : "";
        }
        var reply = (RedisResult[])(await RedisScripts.Ack.EvaluateAsync(Db, keys, args).ConfigureAwait(false))!;
        var held = new bool[reply.Length];
        for (int i = 0; i < reply.Length; i++) held[i] = (long)reply[i] == 1;
        return held;
    }

    /// <inheritdoc/>
    public async Task<FailOutcome> FailAsync(JobFailure failure, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await RedisScripts.Fail.EvaluateAsync(Db,
            [_keys.Job(failure.Id), _keys.Leases, _keys.Scheduled, _keys.Dead],
            [
                _keys.Prefix, failure.Id.Value, failure.LeaseToken ?? "", failure.Error ?? "", failure.ErrorType ?? "",
                failure.Permanent ? "1" : "0", JobHashCodec.FormatUnixSeconds(failure.RetryAt), JobHashCodec.FormatTime(failure.RetryAt),
                JobHashCodec.FormatTime(Now), Ms(failure.Duration), ResultTtlMs,
            ]).ConfigureAwait(false);
        return reply.ToString() switch
        {
            "retrying" => FailOutcome.Retrying,
            "dead" => FailOutcome.DeadLettered,
            "lost" => FailOutcome.LeaseLost,
            var other => throw new InvalidOperationException($"fail-4.lua returned '{other}'; expected retrying, dead or lost."),
        };
    }

    /// <inheritdoc/>
    public async Task<bool> SnoozeAsync(JobSnooze snooze, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await RedisScripts.Snooze.EvaluateAsync(Db,
            [_keys.Job(snooze.Id), _keys.Leases, _keys.Scheduled],
            [
                _keys.Prefix, snooze.Id.Value, snooze.LeaseToken ?? "", JobHashCodec.FormatUnixSeconds(snooze.RunAt),
                JobHashCodec.FormatTime(snooze.RunAt), JobHashCodec.FormatTime(Now),
            ]).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<JobId>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        cancellationToken.ThrowIfCancellationRequested();
        if (leases.Count == 0) return [];
        var (keys, args) = RenewArguments(leases, leaseDuration);
        var reply = (RedisResult[])(await RedisScripts.Renew.EvaluateAsync(Db, keys, args).ConfigureAwait(false))!;
        return LostLeases(leases, reply);
    }

    /// <inheritdoc/>
    public async Task<bool> ReleaseAsync(LeaseRef lease, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var reply = await RedisScripts.Release.EvaluateAsync(Db,
                [_keys.Job(lease.Id), _keys.Leases],
                [_keys.Prefix, lease.Id.Value, lease.LeaseToken ?? "", JobHashCodec.FormatTime(Now)]).ConfigureAwait(false);
            return (long)reply == 1;
        }
        catch (RedisServerException ex) when (MalformedRecord(ex) is { } error)
        {
            throw new InvalidOperationException($"Cannot release job {lease.Id} to its queue: {error}. Fail it instead (the worker does so for records it cannot read).", ex);
        }
    }

    /// <summary>
    /// The reason in a script's <c>MALFORMED …</c> error reply, or null for any other error. Scripts that derive a
    /// job's queue from its hash (release, cancel, requeue-dead: <c>job_queue</c> in <c>_common.lua</c>) return it,
    /// before any write, when the hash's <c>routing_key</c> or <c>priority</c> cannot name a queue; the text is
    /// <c>job record {key} is malformed: field '…' …; expected …</c>, as <see cref="JobHashCodec"/> words it.
    /// </summary>
    private static string? MalformedRecord(RedisServerException ex) =>
        ex.Message.StartsWith(MalformedReply, StringComparison.Ordinal) ? ex.Message[MalformedReply.Length..] : null;

    private const string MalformedReply = "MALFORMED ";

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _waiters.Close();
        return ValueTask.CompletedTask;
    }
}
