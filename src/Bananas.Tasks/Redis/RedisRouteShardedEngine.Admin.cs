using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The admin side of the per-route layout: what names a route or a job goes to that route's partition; what spans routes
/// asks every known route's partition and merges (overview, paused routes, dead letters), or walks them in route-name
/// order (listings and dead letter batches without a route, their cursor naming the route it stopped in). Workers and
/// throughput live under the global keys.
/// </summary>
public sealed partial class RedisRouteShardedEngine : IQueueEngineAdmin
{
    /// <inheritdoc/>
    public async Task<QueueOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var routes = await KnownRoutesAsync(fresh: true).ConfigureAwait(false);
        var parts = await Task.WhenAll(routes.Select(r => Partition(r).GetOverviewAsync(cancellationToken))).ConfigureAwait(false);
        var byRoute = new List<RouteOverview>();
        for (int i = 0; i < routes.Count; i++)
        {
            var own = parts[i].Routes.FirstOrDefault(o => o.Route == routes[i]);
            byRoute.Add(own ?? new RouteOverview { Route = routes[i] });
        }
        return new QueueOverview
        {
            Routes = byRoute,
            Scheduled = parts.Sum(p => p.Scheduled),
            Processing = parts.Sum(p => p.Processing),
            Dead = parts.Sum(p => p.Dead),
            Waiting = parts.Sum(p => p.Waiting),
        };
    }

    /// <inheritdoc/>
    /// <remarks>
    /// With a route: that route's partition. Without one, pending jobs route after route in name order (as the other
    /// layouts list them); the other states in the order of one store (due time, lease deadline, waiting since: oldest
    /// first; finished: newest first), merged from every route's partition: each is asked for a page, the merge keeps
    /// only what no partition's unread rest can come before, and the cursor holds every partition's own cursor. Jobs of
    /// one millisecond on several routes are in route-name order.
    /// </remarks>
    public async Task<JobPage> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Route is { } only) return await Partition(only).ListJobsAsync(query, cancellationToken).ConfigureAwait(false);
        var listing = AdminCursor.Listing(query);
        var routes = await KnownRoutesAsync(fresh: true).ConfigureAwait(false);
        if (query.State != JobListState.Pending) return await ListMergedAsync(query, listing, routes, cancellationToken).ConfigureAwait(false);
        var (start, inner) = DecodeCursor(query.Cursor, listing, routes, nameof(query));
        var jobs = new List<JobListItem>();
        var scanned = 0;
        for (int i = start; i < routes.Count; i++)
        {
            var page = await Partition(routes[i]).ListJobsAsync(query with { Limit = query.Limit - jobs.Count, Cursor = inner }, cancellationToken).ConfigureAwait(false);
            jobs.AddRange(page.Jobs);
            scanned += page.Scanned;
            inner = null;
            if (page.NextCursor is not null)
                return new JobPage { Jobs = jobs, Scanned = scanned, NextCursor = EncodeCursor(listing, routes[i], page.NextCursor) };
            if ((jobs.Count >= query.Limit || scanned >= query.ScanLimit) && i + 1 < routes.Count)
                return new JobPage { Jobs = jobs, Scanned = scanned, NextCursor = EncodeCursor(listing, routes[i + 1], null) };
        }
        return new JobPage { Jobs = jobs, Scanned = scanned };
    }

    /// <summary>What a listing is ordered by: ticks, negated for the newest-first states.</summary>
    private static long SortKey(JobListState state, JobListItem item) => state switch
    {
        JobListState.Scheduled => (item.DueAt ?? item.Job.ScheduledFor ?? item.Job.UpdatedAt).UtcTicks,
        JobListState.Processing => (item.LeaseDeadline ?? item.Job.UpdatedAt).UtcTicks,
        JobListState.Waiting => (item.WaitingSince ?? item.Job.UpdatedAt).UtcTicks,
        _ => -(item.FinishedAt ?? item.Job.CompletedAt ?? item.Job.UpdatedAt).UtcTicks,
    };

    private async Task<JobPage> ListMergedAsync(JobListQuery query, string listing, IReadOnlyList<RoutingKey> routes, CancellationToken cancellationToken)
    {
        var states = DecodeMergeCursor(query.Cursor, listing, nameof(query));
        var open = routes.Where(r => !states.TryGetValue(r.Value, out var c) || c != Exhausted).ToList();
        string? Inner(RoutingKey r) => states.TryGetValue(r.Value, out var c) && c.Length > 0 ? c : null;
        var pages = await Task.WhenAll(open.Select(r => Partition(r).ListJobsAsync(query with { Cursor = Inner(r) }, cancellationToken))).ConfigureAwait(false);

        // (key, route index, position): a partition's unread rest comes after its last item read in this order
        var candidates = new List<(long Key, int Route, int Position, JobListItem Item)>();
        for (int r = 0; r < open.Count; r++)
            for (int k = 0; k < pages[r].Jobs.Count; k++) candidates.Add((SortKey(query.State, pages[r].Jobs[k]), r, k, pages[r].Jobs[k]));
        candidates.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Route != b.Route ? a.Route.CompareTo(b.Route) : a.Position.CompareTo(b.Position));
        var frontiers = new List<(long Key, int Route, int Position)>();
        for (int r = 0; r < open.Count; r++)
        {
            if (pages[r].NextCursor is null) continue;
            var jobs = pages[r].Jobs;
            frontiers.Add(jobs.Count == 0 ? (long.MinValue, -1, -1) : (SortKey(query.State, jobs[^1]), r, jobs.Count - 1));
        }
        bool Safe((long Key, int Route, int Position, JobListItem Item) c) => frontiers.All(f =>
            c.Key < f.Key || (c.Key == f.Key && (c.Route < f.Route || (c.Route == f.Route && c.Position <= f.Position))));
        var taken = candidates.TakeWhile(Safe).Take(query.Limit).ToList();

        var next = new Dictionary<string, string>(states, StringComparer.Ordinal);
        var followUps = new List<(RoutingKey Route, Task<JobPage> Page)>();
        for (int r = 0; r < open.Count; r++)
        {
            var used = taken.Count(c => c.Route == r);
            if (used == pages[r].Jobs.Count) next[open[r].Value] = pages[r].NextCursor ?? Exhausted;
            else if (used > 0) followUps.Add((open[r], Partition(open[r]).ListJobsAsync(query with { Limit = used, Cursor = Inner(open[r]) }, cancellationToken)));
        }
        foreach (var (route, page) in followUps) next[route.Value] = (await page.ConfigureAwait(false)).NextCursor ?? Exhausted;
        var more = routes.Any(r => !next.TryGetValue(r.Value, out var c) || c != Exhausted);
        return new JobPage
        {
            Jobs = taken.Select(c => c.Item).ToList(),
            Scanned = pages.Sum(p => p.Scanned),
            NextCursor = more ? EncodeMergeCursor(listing, next) : null,
        };
    }

    /// <inheritdoc/>
    public async Task<JobDetails?> GetJobDetailsAsync(JobId id, CancellationToken cancellationToken = default) =>
        await LocateAsync(id).ConfigureAwait(false) is { } at ? await at.Partition.GetJobDetailsAsync(at.Id, cancellationToken).ConfigureAwait(false) : null;

    /// <inheritdoc/>
    /// <remarks>With a route: that route's partition. Without one: route after route in name order, up to <paramref name="maxJobs"/> in all.</remarks>
    public async Task<DeadLetterBatchResult> DeadLetterBatchAsync(DeadLetterAction action, DeadLetterSelection selection, int maxJobs, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Route is { } only) return await Partition(only).DeadLetterBatchAsync(action, selection, maxJobs, cursor, cancellationToken).ConfigureAwait(false);
        var routes = await KnownRoutesAsync(fresh: true).ConfigureAwait(false);
        var listing = AdminCursor.Listing(action, selection);
        var (start, inner) = DecodeCursor(cursor, listing, routes, nameof(cursor));
        int done = 0, scanned = 0, skipped = 0;
        for (int i = start; i < routes.Count; i++)
        {
            var batch = await Partition(routes[i]).DeadLetterBatchAsync(action, selection, maxJobs - done, inner, cancellationToken).ConfigureAwait(false);
            done += batch.Done;
            scanned += batch.Scanned;
            skipped += batch.Skipped;
            inner = null;
            if (batch.MoreRemain)
                return new DeadLetterBatchResult { Done = done, Scanned = scanned, Skipped = skipped, MoreRemain = true, Cursor = EncodeCursor(listing, routes[i], batch.Cursor) };
            if (done >= maxJobs && i + 1 < routes.Count)
                return new DeadLetterBatchResult { Done = done, Scanned = scanned, Skipped = skipped, MoreRemain = true, Cursor = EncodeCursor(listing, routes[i + 1], null) };
        }
        return new DeadLetterBatchResult { Done = done, Scanned = scanned, Skipped = skipped };
    }

    /// <inheritdoc/>
    public async Task<bool> SetPausedAsync(RoutingKey route, bool paused, CancellationToken cancellationToken = default)
    {
        await RegisterAsync(route).ConfigureAwait(false);
        return await Partition(route).SetPausedAsync(route, paused, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RoutingKey>> GetPausedRoutesAsync(CancellationToken cancellationToken = default)
    {
        var routes = await KnownRoutesAsync(fresh: true).ConfigureAwait(false);
        var paused = await Task.WhenAll(routes.Select(r => Partition(r).GetPausedRoutesAsync(cancellationToken))).ConfigureAwait(false);
        return routes.Where((r, i) => paused[i].Contains(r)).ToList();
    }

    /// <inheritdoc/>
    public Task RecordWorkerHeartbeatAsync(WorkerHeartbeat heartbeat, CancellationToken cancellationToken = default) =>
        Global.RecordWorkerHeartbeatAsync(heartbeat, cancellationToken);

    /// <inheritdoc/>
    public Task RemoveWorkerAsync(string workerId, IReadOnlyList<ThroughputIncrement> counts, CancellationToken cancellationToken = default) =>
        Global.RemoveWorkerAsync(workerId, counts, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken cancellationToken = default) => Global.ListWorkersAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<ThroughputStats> GetThroughputAsync(RoutingKey? route, int days, CancellationToken cancellationToken = default) =>
        Global.GetThroughputAsync(route, days, cancellationToken);

    /// <summary>A partition's cursor state in a merged listing: nothing more to read there.</summary>
    private const string Exhausted = "-";

    /// <summary>The fields of a cursor of this API after its listing; throws for anything else, and for a cursor of another listing (<see cref="AdminCursor"/>'s words).</summary>
    private static string[] CursorParts(string cursor, string kind, int trailing, string listing, string parameter)
    {
        var parts = (AdminCursor.FromBase64Url(cursor) ?? "").Split('|');
        if (parts.Length >= 2 + trailing && parts[0] is "r1" or "m1" or "v1")
        {
            var from = parts[0] == "v1" ? "a route's listing" : string.Join('|', parts[1..^trailing]);
            if (parts[0] != kind || from != listing) throw new ArgumentException(AdminCursor.OtherListing(from, listing), parameter);
            return parts[^trailing..];
        }
        throw new ArgumentException(AdminCursor.NotACursor(cursor), parameter);
    }

    /// <summary>A cursor over routes one after the other: base64url of <c>r1|{listing}|{route}|{the partition's cursor}</c>.</summary>
    private static string EncodeCursor(string listing, RoutingKey route, string? inner) => AdminCursor.ToBase64Url("r1|" + listing + "|" + route.Value + "|" + inner);

    /// <summary>The index of the route a cursor stopped in (the next one by name when that route is gone) and its partition's cursor; (0, null) for null.</summary>
    private static (int Start, string? Inner) DecodeCursor(string? cursor, string listing, IReadOnlyList<RoutingKey> routes, string parameter)
    {
        if (cursor is null) return (0, null);
        var parts = CursorParts(cursor, "r1", 2, listing, parameter);
        if (!RoutingKey.TryParse(parts[0], out var route))
            throw new ArgumentException(AdminCursor.NotACursor(cursor), parameter);
        var start = 0;
        while (start < routes.Count && string.CompareOrdinal(routes[start].Value, route.Value) < 0) start++;
        var inner = start < routes.Count && routes[start] == route && parts[1].Length > 0 ? parts[1] : null;
        return (start, inner);
    }

    /// <summary>A merged listing's cursor: base64url of <c>m1|{listing}|{route}={cursor or -};…</c>.</summary>
    private static string EncodeMergeCursor(string listing, Dictionary<string, string> states) =>
        AdminCursor.ToBase64Url("m1|" + listing + "|" + string.Join(";", states.Select(s => s.Key + "=" + s.Value)));

    private static Dictionary<string, string> DecodeMergeCursor(string? cursor, string listing, string parameter)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cursor is null) return states;
        var parts = CursorParts(cursor, "m1", 1, listing, parameter);
        foreach (var entry in parts[0].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !RoutingKey.TryParse(entry[..eq], out _))
                throw new ArgumentException(AdminCursor.NotACursor(cursor), parameter);
            states[entry[..eq]] = entry[(eq + 1)..];
        }
        return states;
    }
}
