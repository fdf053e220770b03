using System.Collections.Concurrent;
using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The Redis engine of the per-route layout (<see cref="RedisKeyLayout.ClusterPerRoute"/>, docs/scaling.md "One hash tag
/// per route"): one <see cref="RedisQueueEngine"/> per route, each on the cluster layout under the prefix
/// <c>{prefix}:{route}</c>, so every key of route <c>gpu</c> starts with the hash tag <c>{bananas:gpu}</c> and its scripts
/// touch one slot, and routes spread over a cluster's masters. The global keys (the routes set, workers, cron schedules,
/// throughput) are those of one more engine under <c>{bananas}</c>. Every state transition is still one script on one
/// slot; what this class adds is the choice of the partition: by the job's route at enqueue, by the route in the id
/// (<see cref="RouteJobIds"/>) for a lookup, by the lease it handed out for ack, fail and renew.
/// <para>
/// A fetch over several routes asks their partitions one after the other, in the worker's order, so route-then-priority
/// order holds (one round trip per route visited, not one for all). Ids without a route (a foreign producer's, a
/// workflow step's) are found by asking every known route's partition once (one pipelined EXISTS each), then
/// remembered.
/// </para>
/// </summary>
public sealed partial class RedisRouteShardedEngine : IQueueEngine, IReportsEngineIncidents, IJobIdPolicy, ISynchronousLeaseRenewal
{
    /// <summary>Most ids remembered for the lookup of ids without a route (then the memory starts again).</summary>
    private const int MaxLocated = 100_000;

    private readonly IConnectionMultiplexer _connection;
    private readonly QueueEngineOptions _options;
    private readonly ConcurrentDictionary<RoutingKey, RedisQueueEngine> _partitions = new();
    private readonly ConcurrentDictionary<RoutingKey, bool> _registered = new();
    private readonly ConcurrentDictionary<string, RoutingKey> _leased = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (RoutingKey Route, string Id)> _located = new(StringComparer.Ordinal);
    private readonly object _partitionGate = new();
    private readonly List<PartitionSubscription> _subscriptions = [];
    private IReadOnlyList<RoutingKey> _knownRoutes = [];
    private long _knownRoutesAt; // Environment.TickCount64 of the last read of the global routes set; 0: never read

    /// <summary>Creates the engine on a connection the caller owns; <see cref="QueueEngineOptions.RedisLayout"/> is taken as <see cref="RedisKeyLayout.ClusterPerRoute"/>.</summary>
    public RedisRouteShardedEngine(IConnectionMultiplexer connection, QueueEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new QueueEngineOptions();
        options.Validate(nameof(options));
        _connection = connection;
        _options = options.With(options.Prefix, RedisKeyLayout.ClusterPerRoute);
        Incidents = new EngineIncidents(options.TimeProvider);
        Global = new RedisQueueEngine(connection, _options, Incidents);
    }

    /// <summary>The engine of the global keys (<c>{prefix}:routes</c>, workers, cron, throughput).</summary>
    internal RedisQueueEngine Global { get; }

    /// <inheritdoc/>
    public string Name => "redis";

    /// <summary>The key layout: <see cref="RedisKeyLayout.ClusterPerRoute"/>.</summary>
    public RedisKeyLayout Layout => RedisKeyLayout.ClusterPerRoute;

    /// <summary>The key prefix (<c>bananas</c> by default), without braces.</summary>
    public string Prefix => _options.Prefix;

    /// <inheritdoc/>
    public EngineIncidents Incidents { get; }

    private IDatabase Db => _connection.GetDatabase();

    /// <summary>The prefix of a route's partition: <c>{prefix}:{route}</c> (its keys start with <c>{bananas:gpu}</c>).</summary>
    internal static string PartitionPrefix(string prefix, RoutingKey route) => prefix + ":" + route.Value;

    /// <summary>The engine of one route's keys, made on first use.</summary>
    internal RedisQueueEngine Partition(RoutingKey route)
    {
        if (_partitions.TryGetValue(route, out var engine)) return engine;
        List<PartitionSubscription> subscriptions;
        lock (_partitionGate)
        {
            if (_partitions.TryGetValue(route, out engine)) return engine;
            engine = new RedisQueueEngine(_connection, _options.With(PartitionPrefix(_options.Prefix, route), RedisKeyLayout.Cluster), Incidents, partition: true);
            _partitions[route] = engine;
            subscriptions = [.. _subscriptions];
        }
        foreach (var s in subscriptions) s.Add(route, engine);
        return engine;
    }

    /// <inheritdoc/>
    JobId IJobIdPolicy.IdFor(RoutingKey route, JobId? requested) => requested is { } id ? RouteJobIds.For(route, id) : RouteJobIds.New(route);

    /// <summary>Adds the route to the global routes set (once per process), so admin views and maintenance find its partition.</summary>
    private async ValueTask RegisterAsync(RoutingKey route)
    {
        if (_registered.ContainsKey(route)) return;
        await Db.SetAddAsync(Global.Keys.Routes, route.Value).ConfigureAwait(false);
        _registered[route] = true;
    }

    /// <summary>
    /// The routes with a partition, in name order: the global routes set (read at most once a second unless
    /// <paramref name="fresh"/>) and, always, every route this process made a partition for, so a route this process just
    /// used is never missed.
    /// </summary>
    internal async Task<IReadOnlyList<RoutingKey>> KnownRoutesAsync(bool fresh = false)
    {
        var now = Environment.TickCount64;
        var at = Interlocked.Read(ref _knownRoutesAt);
        var stored = _knownRoutes;
        if (fresh || at == 0 || now - at >= 1000)
        {
            var members = await Db.SetMembersAsync(Global.Keys.Routes).ConfigureAwait(false);
            var read = new List<RoutingKey>(members.Length);
            foreach (var m in members)
                if (RoutingKey.TryParse(m.ToString(), out var r)) read.Add(r);
            _knownRoutes = stored = read;
            Interlocked.Exchange(ref _knownRoutesAt, now);
        }
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in stored) routes.Add(r.Value);
        foreach (var r in _partitions.Keys) routes.Add(r.Value);
        return routes.Select(RoutingKey.Parse).ToList();
    }

    /// <summary>A job found: its route's partition and the id it is stored under there.</summary>
    private readonly record struct Located(RedisQueueEngine Partition, JobId Id);

    /// <summary>
    /// Where a job is: the route in its id; else the place remembered; else the first known route whose partition holds
    /// the id as given or with that route in front (a caller's own id, <c>order-42</c>, is stored as <c>gpu:order-42</c>),
    /// one EXISTS per candidate, sent together. Null when no partition holds it.
    /// </summary>
    private async Task<Located?> LocateAsync(JobId id)
    {
        if (RouteJobIds.TryGetRoute(id, out var route)) return new Located(Partition(route), id);
        if (_located.TryGetValue(id.Value, out var seen)) return new Located(Partition(seen.Route), JobId.Unchecked(seen.Id));
        var routes = await KnownRoutesAsync(fresh: true).ConfigureAwait(false);
        var candidates = new List<(RoutingKey Route, string Stored, RedisKey Key)>();
        foreach (var r in routes)
        {
            var keys = Partition(r).Keys;
            candidates.Add((r, id.Value, keys.Job(id)));
            if (JobId.TryParse(r.Value + ":" + id.Value, out var routed)) candidates.Add((r, routed.Value, keys.Job(routed)));
        }
        if (await FirstExistingAsync(candidates).ConfigureAwait(false) is not { } found) return null;
        Remember(id.Value, found.Route, found.Stored);
        return new Located(Partition(found.Route), JobId.Unchecked(found.Stored));
    }

    /// <summary>The first candidate whose key exists (one EXISTS each, all sent at once, read in order); null when none does.</summary>
    internal async Task<(RoutingKey Route, string Stored)?> FirstExistingAsync(IReadOnlyList<(RoutingKey Route, string Stored, RedisKey Key)> candidates)
    {
        var checks = candidates.Select(c => Db.KeyExistsAsync(c.Key)).ToList();
        for (int i = 0; i < candidates.Count; i++)
            if (await checks[i].ConfigureAwait(false)) return (candidates[i].Route, candidates[i].Stored);
        return null;
    }

    private void Remember(string id, RoutingKey route, string? storedAs = null)
    {
        if (_located.Count >= MaxLocated) _located.Clear();
        _located[id] = (route, storedAs ?? id);
    }

    /// <summary>The partition of a lease this process handed out (ack, fail, renew): the fetch remembered it.</summary>
    private async Task<RedisQueueEngine?> LeasePartitionAsync(JobId id) =>
        _leased.TryGetValue(id.Value, out var route) ? Partition(route) : (await LocateAsync(id).ConfigureAwait(false))?.Partition;

    private RedisQueueEngine? LeasePartition(JobId id)
    {
        if (_leased.TryGetValue(id.Value, out var route)) return Partition(route);
        if (RouteJobIds.TryGetRoute(id, out route)) return Partition(route);
        return _located.TryGetValue(id.Value, out var seen) ? Partition(seen.Route) : null;
    }

    private void Settled(JobId id) => _leased.TryRemove(id.Value, out _);

    /// <summary>
    /// Refuses a job whose id names another route than its own (<c>cpu:…</c> on route <c>gpu</c>): every lookup by that id
    /// would go to the wrong partition. The client never makes one (<see cref="RouteJobIds.For"/>).
    /// </summary>
    private static void CheckIdRoute(JobRecord job, string parameter)
    {
        if (RouteJobIds.TryGetRoute(job.Id, out var named) && named != job.RoutingKey)
            throw new ArgumentException($"Job id '{job.Id.Value}' names route '{named.Value}' (the text before its first ':'), but the job is on route '{job.RoutingKey.Value}': on the per-route layout (REDIS_LAYOUT=cluster-per-route) an id's route is where it is looked up. Use an id without ':' or one starting with '{job.RoutingKey.Value}:' (RouteJobIds.For).", parameter);
    }

    /// <inheritdoc/>
    public async Task<bool> EnqueueAsync(JobRecord job, CancellationToken cancellationToken = default) =>
        (await TryEnqueueAsync(job, cancellationToken).ConfigureAwait(false)).Stored;

    /// <inheritdoc/>
    public async Task<EnqueueOutcome> TryEnqueueAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        CheckIdRoute(job, nameof(job));
        await Global.EnsureLayoutAsync().ConfigureAwait(false);
        await RegisterAsync(job.RoutingKey).ConfigureAwait(false);
        var outcome = await Partition(job.RoutingKey).TryEnqueueAsync(job, cancellationToken).ConfigureAwait(false);
        if (!RouteJobIds.TryGetRoute(job.Id, out _)) Remember(job.Id.Value, job.RoutingKey);
        return outcome;
    }

    /// <inheritdoc/>
    /// <remarks>One batch per route, the routes' batches sent at once; the jobs of one route keep their order.</remarks>
    public async Task<int> EnqueueManyAsync(IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var job in jobs) CheckIdRoute(job, nameof(jobs));
        await Global.EnsureLayoutAsync().ConfigureAwait(false);
        var groups = jobs.GroupBy(j => j.RoutingKey).ToList();
        foreach (var g in groups) await RegisterAsync(g.Key).ConfigureAwait(false);
        var stored = await Task.WhenAll(groups.Select(g => Partition(g.Key).EnqueueManyAsync(g.ToList(), cancellationToken))).ConfigureAwait(false);
        foreach (var job in jobs)
            if (!RouteJobIds.TryGetRoute(job.Id, out _)) Remember(job.Id.Value, job.RoutingKey);
        return stored.Sum();
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The routes' partitions are asked one after the other in the request's order, each for what is still wanted, so a
    /// job of an earlier route is always taken before one of a later route (strict route-then-priority order).
    /// </remarks>
    public async Task<IReadOnlyList<FetchedJob>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxJobs <= 0 || request.Routes.Count == 0) return [];
        await Global.EnsureLayoutAsync().ConfigureAwait(false);
        var fetched = new List<FetchedJob>();
        foreach (var demand in request.Routes)
        {
            var want = Math.Min(demand.MaxJobs, request.MaxJobs - fetched.Count);
            if (want <= 0) break;
            cancellationToken.ThrowIfCancellationRequested();
            var jobs = await Partition(demand.Route)
                .FetchAsync(request with { Routes = [new RouteDemand(demand.Route, want)], MaxJobs = want }, cancellationToken)
                .ConfigureAwait(false);
            foreach (var job in jobs) _leased[job.Id.Value] = demand.Route;
            fetched.AddRange(jobs);
        }
        return fetched;
    }

    /// <summary>Groups items by the partition of their lease, keeping each item's index.</summary>
    private async Task<List<(RedisQueueEngine? Partition, List<int> Indexes)>> GroupByLeaseAsync<T>(IReadOnlyList<T> items, Func<T, JobId> id)
    {
        var groups = new List<(RedisQueueEngine? Partition, List<int> Indexes)>();
        for (int i = 0; i < items.Count; i++)
        {
            var partition = LeasePartition(id(items[i])) ?? await LeasePartitionAsync(id(items[i])).ConfigureAwait(false);
            var group = groups.FindIndex(g => ReferenceEquals(g.Partition, partition));
            if (group < 0) groups.Add((partition, [i]));
            else groups[group].Indexes.Add(i);
        }
        return groups;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<bool>> AckAsync(IReadOnlyList<JobCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new bool[completions.Count];
        var groups = await GroupByLeaseAsync(completions, c => c.Id).ConfigureAwait(false);
        await Task.WhenAll(groups.Where(g => g.Partition is not null).Select(async g =>
        {
            var acked = await g.Partition!.AckAsync(g.Indexes.Select(i => completions[i]).ToList(), cancellationToken).ConfigureAwait(false);
            for (int k = 0; k < g.Indexes.Count; k++) results[g.Indexes[k]] = acked[k];
        })).ConfigureAwait(false);
        foreach (var c in completions) Settled(c.Id);
        return results;
    }

    /// <inheritdoc/>
    public async Task<FailOutcome> FailAsync(JobFailure failure, CancellationToken cancellationToken = default)
    {
        var partition = await LeasePartitionAsync(failure.Id).ConfigureAwait(false);
        if (partition is null) return FailOutcome.LeaseLost;
        var outcome = await partition.FailAsync(failure, cancellationToken).ConfigureAwait(false);
        Settled(failure.Id);
        return outcome;
    }

    /// <inheritdoc/>
    public async Task<bool> SnoozeAsync(JobSnooze snooze, CancellationToken cancellationToken = default)
    {
        var partition = await LeasePartitionAsync(snooze.Id).ConfigureAwait(false);
        if (partition is null) return false;
        var snoozed = await partition.SnoozeAsync(snooze, cancellationToken).ConfigureAwait(false);
        Settled(snooze.Id);
        return snoozed;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<JobId>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var groups = await GroupByLeaseAsync(leases, l => l.Id).ConfigureAwait(false);
        var lost = await Task.WhenAll(groups.Select(g => g.Partition is null
            ? Task.FromResult<IReadOnlyList<JobId>>(g.Indexes.Select(i => leases[i].Id).ToList())
            : g.Partition.RenewLeasesAsync(g.Indexes.Select(i => leases[i]).ToList(), leaseDuration, cancellationToken))).ConfigureAwait(false);
        return lost.SelectMany(l => l).ToList();
    }

    /// <inheritdoc/>
    /// <remarks>On the calling thread, one partition after the other (the worker's dedicated renewal thread).</remarks>
    public IReadOnlyList<JobId> RenewLeases(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var lost = new List<JobId>();
        foreach (var group in leases.GroupBy(l => LeasePartition(l.Id)))
        {
            if (group.Key is null) lost.AddRange(group.Select(l => l.Id));
            else lost.AddRange(group.Key.RenewLeases(group.ToList(), leaseDuration));
        }
        return lost;
    }

    /// <inheritdoc/>
    public async Task<bool> ReleaseAsync(LeaseRef lease, CancellationToken cancellationToken = default)
    {
        var partition = await LeasePartitionAsync(lease.Id).ConfigureAwait(false);
        if (partition is null) return false;
        var released = await partition.ReleaseAsync(lease, cancellationToken).ConfigureAwait(false);
        Settled(lease.Id);
        return released;
    }

    /// <summary>Runs <paramref name="call"/> on every known route's partition at once; a partition that throws does not stop the others (the first error is thrown after all ran).</summary>
    private async Task<T[]> OnEveryPartitionAsync<T>(Func<RedisQueueEngine, Task<T>> call)
    {
        var routes = await KnownRoutesAsync().ConfigureAwait(false);
        var calls = routes.Select(r => call(Partition(r))).ToArray();
        try
        {
            return await Task.WhenAll(calls).ConfigureAwait(false);
        }
        catch
        {
            throw calls.First(c => c.IsFaulted).Exception!.InnerException!;
        }
    }

    /// <inheritdoc/>
    public async Task<int> PromoteDueAsync(int maxJobs, CancellationToken cancellationToken = default) =>
        (await OnEveryPartitionAsync(p => p.PromoteDueAsync(maxJobs, cancellationToken)).ConfigureAwait(false)).Sum();

    /// <inheritdoc/>
    public async Task<int> RecoverExpiredLeasesAsync(int maxJobs, CancellationToken cancellationToken = default) =>
        (await OnEveryPartitionAsync(p => p.RecoverExpiredLeasesAsync(maxJobs, cancellationToken)).ConfigureAwait(false)).Sum();

    /// <inheritdoc/>
    /// <remarks>One maintenance script per known route's partition, sent at once: each is atomic on its own slot.</remarks>
    public async Task<MaintenanceRound> MaintainAsync(int maxJobs, CancellationToken cancellationToken = default)
    {
        var rounds = await OnEveryPartitionAsync(p => p.MaintainAsync(maxJobs, cancellationToken)).ConfigureAwait(false);
        return new MaintenanceRound(
            rounds.Sum(r => r.Promoted),
            rounds.Sum(r => r.Recovered),
            rounds.Select(r => r.NextDue).Where(t => t is not null).Min(),
            rounds.Select(r => r.NextLeaseDeadline).Where(t => t is not null).Min());
    }

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> GetNextScheduledAsync(CancellationToken cancellationToken = default) =>
        (await OnEveryPartitionAsync(p => p.GetNextScheduledAsync(cancellationToken)).ConfigureAwait(false)).Where(t => t is not null).Min();

    /// <inheritdoc/>
    public async Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) =>
        await LocateAsync(id).ConfigureAwait(false) is { } at ? await at.Partition.GetJobAsync(at.Id, cancellationToken).ConfigureAwait(false) : null;

    /// <inheritdoc/>
    /// <remarks>Scheduled, processing and dead are the sums over the routes asked for (every known route when null).</remarks>
    public async Task<QueueDepths> GetQueueDepthsAsync(IReadOnlyList<RoutingKey>? routes = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        routes ??= await KnownRoutesAsync(fresh: true).ConfigureAwait(false);
        var depths = await Task.WhenAll(routes.Distinct().Select(r => Partition(r).GetQueueDepthsAsync([r], cancellationToken))).ConfigureAwait(false);
        var byRoute = new Dictionary<RoutingKey, RouteDepth>();
        foreach (var d in depths)
            foreach (var (route, depth) in d.Routes) byRoute[route] = depth;
        return new QueueDepths
        {
            Routes = byRoute,
            Scheduled = depths.Sum(d => d.Scheduled),
            Processing = depths.Sum(d => d.Processing),
            Dead = depths.Sum(d => d.Dead),
        };
    }

    /// <inheritdoc/>
    /// <remarks>Newest first over every route: each partition's first offset + count, merged by the time the job died.</remarks>
    public async Task<IReadOnlyList<JobRecord>> ListDeadAsync(int offset, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return [];
        var lists = await OnEveryPartitionAsync(p => p.ListDeadAsync(0, offset + count, cancellationToken)).ConfigureAwait(false);
        return lists.SelectMany(l => l).OrderByDescending(j => j.CompletedAt ?? j.UpdatedAt).Skip(offset).Take(count).ToList();
    }

    /// <inheritdoc/>
    public async Task<bool> RequeueDeadAsync(JobId id, CancellationToken cancellationToken = default) =>
        await LocateAsync(id).ConfigureAwait(false) is { } at && await at.Partition.RequeueDeadAsync(at.Id, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<bool> DeleteDeadAsync(JobId id, CancellationToken cancellationToken = default) =>
        await LocateAsync(id).ConfigureAwait(false) is { } at && await at.Partition.DeleteDeadAsync(at.Id, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) =>
        await LocateAsync(id).ConfigureAwait(false) is { } at ? await at.Partition.GetResultAsync(at.Id, cancellationToken).ConfigureAwait(false) : null;

    /// <inheritdoc/>
    /// <remarks>An id without a route that no partition holds yet is looked for again every half second until it is found or the wait is cancelled.</remarks>
    public async Task<JobResult> WaitForResultAsync(JobId id, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await LocateAsync(id).ConfigureAwait(false) is { } at) return await at.Partition.WaitForResultAsync(at.Id, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) =>
        await LocateAsync(id).ConfigureAwait(false) is { } at ? await at.Partition.CancelAsync(at.Id, cancellationToken).ConfigureAwait(false) : CancelOutcome.NotFound;

    /// <inheritdoc/>
    /// <remarks>
    /// Each served route's partition's wake-up channels (sharded on a cluster), and the scheduled-job channel of every
    /// other partition this process has made or makes later (the maintenance round of every worker serves every route).
    /// </remarks>
    public Task<IAsyncDisposable> SubscribeWakeUpAsync(IReadOnlyList<RoutingKey> routes, Action<RoutingKey?> onWake, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(onWake);
        var served = routes.ToHashSet();
        foreach (var route in served) Partition(route);
        return SubscribeEverywhereAsync((route, p, ct) => p.SubscribeWakeUpAsync(served.Contains(route) ? [route] : [], onWake, ct), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>The cancel channel of every partition this process has made, and of each one it makes later.</remarks>
    public async Task<IAsyncDisposable> SubscribeCancellationsAsync(Action<JobId> onCancel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onCancel);
        foreach (var route in await KnownRoutesAsync().ConfigureAwait(false)) Partition(route);
        return await SubscribeEverywhereAsync((_, p, ct) => p.SubscribeCancellationsAsync(onCancel, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Subscribes on every partition made so far (awaited) and on each one made later (in the background).</summary>
    private async Task<IAsyncDisposable> SubscribeEverywhereAsync(Func<RoutingKey, RedisQueueEngine, CancellationToken, Task<IAsyncDisposable>> subscribe, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var subscription = new PartitionSubscription(this, subscribe);
        List<KeyValuePair<RoutingKey, RedisQueueEngine>> partitions;
        lock (_partitionGate)
        {
            _subscriptions.Add(subscription);
            partitions = [.. _partitions];
        }
        try
        {
            foreach (var (route, p) in partitions) await subscription.AddAsync(route, p, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return subscription;
    }

    /// <inheritdoc/>
    public async Task<bool> ReportProgressAsync(JobId id, string leaseToken, string progressJson, CancellationToken cancellationToken = default)
    {
        var partition = await LeasePartitionAsync(id).ConfigureAwait(false);
        if (partition is null)
        {
            ProgressRules.Validate(progressJson, nameof(progressJson));
            return false;
        }
        return await partition.ReportProgressAsync(id, leaseToken, progressJson, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>The job's partition; for an id without a route that no partition holds yet, every known route's.</remarks>
    public async Task<IAsyncDisposable> SubscribeProgressAsync(JobId id, Action<string> onProgress, CancellationToken cancellationToken = default)
    {
        if (await LocateAsync(id).ConfigureAwait(false) is { } at) return await at.Partition.SubscribeProgressAsync(at.Id, onProgress, cancellationToken).ConfigureAwait(false);
        var subscriptions = new List<IAsyncDisposable>();
        foreach (var route in await KnownRoutesAsync(fresh: true).ConfigureAwait(false))
            subscriptions.Add(await Partition(route).SubscribeProgressAsync(id, onProgress, cancellationToken).ConfigureAwait(false));
        return new Subscriptions(subscriptions);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var p in _partitions.Values) await p.DisposeAsync().ConfigureAwait(false);
        await Global.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Subscriptions(List<IAsyncDisposable> inner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var s in inner) await s.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One subscriber on every partition, including partitions made after it.</summary>
    private sealed class PartitionSubscription(RedisRouteShardedEngine owner, Func<RoutingKey, RedisQueueEngine, CancellationToken, Task<IAsyncDisposable>> subscribe) : IAsyncDisposable
    {
        private readonly List<Task<IAsyncDisposable>> _inner = [];
        private readonly HashSet<RedisQueueEngine> _on = [];
        private bool _disposed;

        /// <summary>
        /// Subscribes on a new partition in the background. Notifications are hints (callers still poll), so a failure
        /// costs only latency; it is reported as a <c>subscription_failed</c> incident (a warning) naming the route.
        /// </summary>
        public void Add(RoutingKey route, RedisQueueEngine partition) => _ = AddAsync(route, partition, CancellationToken.None).ContinueWith(
            t => owner.Incidents.Report("subscription_failed", route.Value,
                $"Subscribing to route '{route.Value}''s channels failed ({t.Exception!.GetBaseException().Message}); until it subscribes again, this process finds that route's jobs by polling only and hears no cancel signal for them.",
                degrades: false),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        public async Task AddAsync(RoutingKey route, RedisQueueEngine partition, CancellationToken cancellationToken)
        {
            Task<IAsyncDisposable> task;
            lock (_inner)
            {
                if (_disposed || !_on.Add(partition)) return;
                task = subscribe(route, partition, cancellationToken);
                _inner.Add(task);
            }
            await task.ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            List<Task<IAsyncDisposable>> inner;
            lock (owner._partitionGate) owner._subscriptions.Remove(this);
            lock (_inner)
            {
                _disposed = true;
                inner = [.. _inner];
            }
            foreach (var t in inner)
            {
                try
                {
                    await (await t.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or OperationCanceledException)
                {
                    // a subscription that never came up has nothing to undo
                }
            }
        }
    }
}
