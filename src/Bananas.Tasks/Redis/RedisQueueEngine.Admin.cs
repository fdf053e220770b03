using System.Globalization;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The admin side over Redis. Reads are one read-only script (<c>list-page-n.lua</c>, <c>overview-5.lua</c>) or a few
/// pipelined commands whose number does not depend on the number of jobs; writes are one script each
/// (<c>dead-batch-2.lua</c>, <c>pause-1.lua</c>, <c>worker-n.lua</c>). Keys in <c>docs/wire-format.md</c>, "Admin keys".
/// </summary>
public sealed partial class RedisQueueEngine : IQueueEngineAdmin
{
    /// <inheritdoc/>
    public async Task<QueueOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var overview = RedisScripts.Overview.EvaluateAsync(Db,
            [_keys.Routes, _keys.Paused, _keys.Scheduled, _keys.Leases, _keys.Dead], [_keys.Prefix]);
        var waiting = WaitingCountAsync();
        var reply = (RedisResult[])(await overview.ConfigureAwait(false))!;
        var routes = new List<RouteOverview>(reply.Length - 3);
        for (int i = 3; i < reply.Length; i++)
        {
            var r = (RedisResult[])reply[i]!;
            if (!RoutingKey.TryParse(r[0].ToString(), out var route)) continue;
            routes.Add(new RouteOverview { Route = route, High = (long)r[1], Normal = (long)r[2], Low = (long)r[3], Dead = (long)r[4], Paused = (long)r[5] == 1 });
        }
        routes.Sort((a, b) => string.CompareOrdinal(a.Route.Value, b.Route.Value));
        return new QueueOverview { Routes = routes, Scheduled = (long)reply[0], Processing = (long)reply[1], Dead = (long)reply[2], Waiting = await waiting.ConfigureAwait(false) };
    }

    /// <summary>ZCARD of the waiting index, sent with the overview (pipelined); a key of another type counts as 0, as in overview-5.lua.</summary>
    private async Task<long> WaitingCountAsync()
    {
        try
        {
            return await Db.SortedSetLengthAsync(_keys.Waiting).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    /// <inheritdoc/>
    public async Task<JobPage> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var listing = AdminCursor.Listing(query);
        var (segment, offset) = AdminCursor.Decode(query.Cursor, listing, nameof(query));
        var keys = new List<RedisKey>();
        var segments = new List<string>();
        string kind;
        var routeFilter = "";
        switch (query.State)
        {
            case JobListState.Pending:
                var routes = query.Route is { } only ? [only] : await KnownRoutesAsync().ConfigureAwait(false);
                var queues = AdminCursor.PendingSegments(routes, query.Priority, segment);
                if (segment.Length > 0 && (queues.Count == 0 || AdminCursor.Segment(queues[0].Route, queues[0].Priority) != segment)) offset = 0;
                foreach (var (route, priority) in queues)
                {
                    keys.Add(_keys.Queue(route, priority));
                    segments.Add(AdminCursor.Segment(route, priority));
                }
                kind = "tail";
                break;
            case JobListState.Dead:
                keys.Add(query.Route is { } deadRoute ? _keys.RouteDead(deadRoute) : _keys.Dead);
                kind = "head";
                break;
            case JobListState.Scheduled:
                keys.Add(_keys.Scheduled);
                kind = "zasc";
                routeFilter = query.Route?.Value ?? "";
                break;
            case JobListState.Processing:
                keys.Add(_keys.Leases);
                kind = "zasc";
                routeFilter = query.Route?.Value ?? "";
                break;
            case JobListState.Waiting:
                keys.Add(_keys.Waiting);
                kind = "zasc";
                routeFilter = query.Route?.Value ?? "";
                break;
            case JobListState.Completed:
            case JobListState.Failed:
                keys.Add(query.State == JobListState.Completed ? _keys.Completed : _keys.Failed);
                kind = "zdesc";
                routeFilter = query.Route?.Value ?? "";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(query), query.State, "Unknown JobListState.");
        }
        if (segments.Count == 0) segments.AddRange(keys.Select(_ => ""));
        if (keys.Count == 0) return new JobPage { Jobs = [] };

        var args = new RedisValue[7 + JobHashCodec.RecordFields.Count];
        args[0] = _keys.Prefix;
        args[1] = kind;
        args[2] = offset;
        args[3] = query.Limit;
        args[4] = query.ScanLimit;
        args[5] = query.TaskName ?? "";
        args[6] = routeFilter;
        for (int i = 0; i < JobHashCodec.RecordFields.Count; i++) args[7 + i] = JobHashCodec.RecordFields[i];
        var reply = (RedisResult[])(await RedisScripts.ListPage.EvaluateAsync(Db, keys.ToArray(), args).ConfigureAwait(false))!;
        var nextKey = (int)(long)reply[0];
        var nextOffset = (long)reply[1];
        var jobs = new List<JobListItem>(reply.Length - 3);
        for (int i = 3; i < reply.Length; i++)
        {
            var entry = (RedisResult[])reply[i]!;
            if (!JobId.TryParse(entry[0].ToString(), out var id)) continue;
            var scoreText = entry[1].ToString();
            double? score = double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
            var job = JobHashCodec.DecodeLenient(id, JobHashCodec.ToDictionary((RedisResult[])entry[2]!, JobHashCodec.RecordFields));
            jobs.Add(Item(query.State, job, score));
        }
        return new JobPage
        {
            Jobs = jobs,
            Scanned = (int)(long)reply[2],
            NextCursor = nextKey == 0 ? null : AdminCursor.Encode(listing, segments[nextKey - 1], nextOffset),
        };
    }

    private static JobListItem Item(JobListState state, JobRecord job, double? score) => state switch
    {
        JobListState.Scheduled => new JobListItem { Job = job, DueAt = score is { } due ? JobHashCodec.FromUnixSeconds(due) : job.ScheduledFor },
        JobListState.Processing => new JobListItem { Job = job, LeaseDeadline = score is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null },
        JobListState.Completed or JobListState.Failed => new JobListItem { Job = job, FinishedAt = score is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : job.CompletedAt },
        JobListState.Dead => new JobListItem { Job = job, FinishedAt = job.CompletedAt },
        JobListState.Waiting => new JobListItem { Job = job, WaitingSince = score is { } since ? DateTimeOffset.FromUnixTimeMilliseconds((long)since) : job.UpdatedAt },
        _ => new JobListItem { Job = job },
    };

    private async Task<List<RoutingKey>> KnownRoutesAsync()
    {
        var members = await Db.SetMembersAsync(_keys.Routes).ConfigureAwait(false);
        var known = new List<RoutingKey>(members.Length);
        foreach (var m in members)
            if (RoutingKey.TryParse(m.ToString(), out var route)) known.Add(route);
        return known;
    }

    /// <inheritdoc/>
    public async Task<JobDetails?> GetJobDetailsAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var batch = Db.CreateBatch();
        var fields = batch.HashGetAllAsync(_keys.Job(id));
        var lease = batch.SortedSetScoreAsync(_keys.Leases, id.Value);
        batch.Execute();
        var entries = await fields.ConfigureAwait(false);
        var deadline = await lease.ConfigureAwait(false);
        if (entries.Length == 0) return null;
        var job = JobHashCodec.DecodeLenient(id, JobHashCodec.ToDictionary(entries));
        JobResult? result;
        try
        {
            result = await GetResultAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            result = null; // a malformed result hash: the record (and its error) still shows
        }
        return new JobDetails
        {
            Job = job,
            Result = result,
            LeaseDeadline = job.Status == JobStatus.Processing && deadline is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null,
        };
    }

    /// <inheritdoc/>
    public async Task<DeadLetterBatchResult> DeadLetterBatchAsync(DeadLetterAction action, DeadLetterSelection selection, int maxJobs, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        cancellationToken.ThrowIfCancellationRequested();
        var listing = AdminCursor.Listing(action, selection);
        var (_, kept) = AdminCursor.Decode(cursor, listing, nameof(cursor));
        var source = selection.Route is { } route ? _keys.RouteDead(route) : _keys.Dead;
        RedisResult[] reply;
        try
        {
            reply = (RedisResult[])(await RedisScripts.DeadBatch.EvaluateAsync(Db, [_keys.Dead, source],
            [
                _keys.Prefix, action == DeadLetterAction.Requeue ? "requeue" : "delete", kept, maxJobs, selection.TaskName ?? "", JobHashCodec.FormatTime(Now),
            ]).ConfigureAwait(false))!;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot {action.ToString().ToLowerInvariant()} dead jobs: {ex.Message}.", ex);
        }
        var newKept = (long)reply[3];
        var more = (long)reply[4] > newKept;
        return new DeadLetterBatchResult
        {
            Done = (int)(long)reply[0],
            Scanned = (int)(long)reply[1],
            Skipped = (int)(long)reply[2],
            MoreRemain = more,
            Cursor = more ? AdminCursor.Encode(listing, "", newKept) : null,
        };
    }

    /// <inheritdoc/>
    public async Task<bool> SetPausedAsync(RoutingKey route, bool paused, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var reply = await RedisScripts.Pause.EvaluateAsync(Db, [_keys.Paused], [_keys.Prefix, route.Value, paused ? "1" : "0"]).ConfigureAwait(false);
            return (long)reply == 1;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot {(paused ? "pause" : "resume")} route '{route}': {ex.Message}.", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RoutingKey>> GetPausedRoutesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var members = await Db.SetMembersAsync(_keys.Paused).ConfigureAwait(false);
        var paused = new List<RoutingKey>(members.Length);
        foreach (var m in members)
            if (RoutingKey.TryParse(m.ToString(), out var route)) paused.Add(route);
        paused.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        return paused;
    }

    /// <inheritdoc/>
    public Task RecordWorkerHeartbeatAsync(WorkerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        return WorkerScriptAsync("beat", heartbeat.Worker, heartbeat.Ttl, heartbeat.Counts, cancellationToken);
    }

    /// <inheritdoc/>
    public Task RemoveWorkerAsync(string workerId, IReadOnlyList<ThroughputIncrement> counts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        return WorkerScriptAsync("remove", new WorkerInfo { Id = workerId }, TimeSpan.FromSeconds(1), counts ?? [], cancellationToken);
    }

    private async Task WorkerScriptAsync(string mode, WorkerInfo worker, TimeSpan ttl, IReadOnlyList<ThroughputIncrement> counts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now;
        var keys = new List<RedisKey>(2 + 2 * counts.Count) { _keys.Workers, _keys.Worker(worker.Id) };
        var fields = mode == "beat"
            ? new List<RedisValue>
            {
                "id", worker.Id, "host", worker.Host, "pid", worker.ProcessId, "routes", string.Join(",", worker.Routes.Select(r => r.Value)),
                "concurrency", worker.Concurrency, "in_flight", worker.InFlight,
                "started_at", JobHashCodec.FormatTime(worker.StartedAt), "last_heartbeat", JobHashCodec.FormatTime(now),
            }
            : [];
        var args = new List<RedisValue>(6 + fields.Count + 3 * counts.Count)
        {
            mode, worker.Id, UnixMs(now), UnixMsDeadline(now + ttl), Ms(ttl), fields.Count,
        };
        args.AddRange(fields);
        foreach (var c in counts)
        {
            keys.Add(_keys.StatsMinutes(c.Route, c.Minute));
            keys.Add(_keys.StatsDay(c.Route, c.Minute));
            args.Add(c.Minute.UtcDateTime.Minute.ToString("00", CultureInfo.InvariantCulture));
            args.Add(c.Processed);
            args.Add(c.Failed);
        }
        try
        {
            await RedisScripts.WorkerBeat.EvaluateAsync(Db, keys.ToArray(), args.ToArray()).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot record the heartbeat of worker '{worker.Id}': {ex.Message}.", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var nowMs = Now.ToUnixTimeMilliseconds();
        var ids = await Db.SortedSetRangeByScoreAsync(_keys.Workers, nowMs, double.PositiveInfinity).ConfigureAwait(false);
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAllAsync(_keys.Worker(id.ToString()))).ToList();
        batch.Execute();
        var workers = new List<WorkerInfo>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            var entries = await reads[i].ConfigureAwait(false);
            if (entries.Length == 0) continue;
            workers.Add(DecodeWorker(ids[i].ToString(), JobHashCodec.ToDictionary(entries)));
        }
        return workers.OrderByDescending(w => w.LastHeartbeat).ThenBy(w => w.Id, StringComparer.Ordinal).ToList();
    }

    private static WorkerInfo DecodeWorker(string id, Dictionary<string, string> f)
    {
        string Text(string name) => f.TryGetValue(name, out var v) ? v : "";
        int Int(string name) => int.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
        DateTimeOffset Time(string name) => JobHashCodec.TryParseTime(Text(name), out var t) ? t : default;
        var routes = new List<RoutingKey>();
        foreach (var part in Text("routes").Split(',', StringSplitOptions.RemoveEmptyEntries))
            if (RoutingKey.TryParse(part, out var route)) routes.Add(route);
        return new WorkerInfo
        {
            Id = id,
            Host = Text("host"),
            ProcessId = Int("pid"),
            Routes = routes,
            Concurrency = Int("concurrency"),
            InFlight = Int("in_flight"),
            StartedAt = Time("started_at"),
            LastHeartbeat = Time("last_heartbeat"),
        };
    }

    /// <inheritdoc/>
    public async Task<ThroughputStats> GetThroughputAsync(RoutingKey? route, int days, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var routes = route is { } one ? [one] : await KnownRoutesAsync().ConfigureAwait(false);
        var (minuteStarts, dayStarts) = ThroughputWindow.Of(Now, days);
        var hours = minuteStarts.Select(ThroughputWindow.HourOf).Distinct().ToList();
        var batch = Db.CreateBatch();
        var hourReads = routes.Select(r => hours.Select(h => batch.HashGetAllAsync(_keys.StatsMinutes(r, h))).ToList()).ToList();
        var dayReads = routes.Select(r => dayStarts.Select(d => batch.HashGetAsync(_keys.StatsDay(r, d), [(RedisValue)"processed", (RedisValue)"failed"])).ToList()).ToList();
        batch.Execute();
        var minuteTotals = new (long Processed, long Failed)[minuteStarts.Count];
        var dayTotals = new (long Processed, long Failed)[dayStarts.Count];
        for (int r = 0; r < routes.Count; r++)
        {
            var byHour = new Dictionary<DateTimeOffset, Dictionary<string, string>>();
            for (int h = 0; h < hours.Count; h++) byHour[hours[h]] = JobHashCodec.ToDictionary(await hourReads[r][h].ConfigureAwait(false));
            for (int m = 0; m < minuteStarts.Count; m++)
            {
                var fields = byHour[ThroughputWindow.HourOf(minuteStarts[m])];
                var mm = minuteStarts[m].UtcDateTime.Minute.ToString("00", CultureInfo.InvariantCulture);
                minuteTotals[m].Processed += Long(fields, mm + ":processed");
                minuteTotals[m].Failed += Long(fields, mm + ":failed");
            }
            for (int d = 0; d < dayStarts.Count; d++)
            {
                var values = await dayReads[r][d].ConfigureAwait(false);
                dayTotals[d].Processed += (long?)values[0] ?? 0;
                dayTotals[d].Failed += (long?)values[1] ?? 0;
            }
        }
        return new ThroughputStats
        {
            Route = route,
            Minutes = minuteStarts.Select((m, i) => new ThroughputPoint(m, minuteTotals[i].Processed, minuteTotals[i].Failed)).ToList(),
            Days = dayStarts.Select((d, i) => new ThroughputPoint(d, dayTotals[i].Processed, dayTotals[i].Failed)).ToList(),
        };
    }

    private static long Long(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
