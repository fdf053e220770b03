using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Bananas.Tasks.Workflows;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// The per-route layout (docs/wire-format.md "Per-route layout", docs/scaling.md "One hash tag per route") on a real
/// 3-master Redis Cluster: each route's keys under its own hash tag, so routes spread over the masters; global keys under
/// the prefix's tag; ids that carry their route.
/// </summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterPerRouteLayoutTests
{
    private static JobRecord Job(string route, JobId? id = null, DateTimeOffset? due = null) => new()
    {
        Id = id ?? JobId.New(), Name = "work", Payload = "{}", RoutingKey = RoutingKey.Parse(route), Priority = Priority.Normal, MaxRetries = 0,
        ScheduledFor = due, Status = due is null ? JobStatus.Pending : JobStatus.Scheduled,
    };

    /// <summary>Three route names whose hash tags <c>{prefix:route}</c> are served by three different masters.</summary>
    private static async Task<string[]> RoutesOnThreeMastersAsync(RedisClusterSet cluster, string prefix)
    {
        var byMaster = new Dictionary<int, string>();
        for (int i = 0; byMaster.Count < 3; i++)
        {
            var route = "r" + i;
            var master = await cluster.MasterOfAsync(await cluster.SlotOfAsync("{" + prefix + ":" + route + "}"));
            byMaster.TryAdd(master.Port, route);
        }
        return [.. byMaster.Values];
    }

    [Fact]
    public async Task Each_routes_keys_are_under_its_own_tag_on_its_own_master_and_global_keys_under_the_prefixs_tag()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        await using var engine = new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute });
        var routes = await RoutesOnThreeMastersAsync(cluster, prefix);
        var client = new BananasClient(engine);
        var ids = new List<JobId>();
        foreach (var route in routes)
        {
            ids.Add(await client.EnqueueAsync("work", "{}", new JobOptions { Route = route }));
            ids.Add(await client.EnqueueAsync("work", "{}", new JobOptions { Route = route, Delay = TimeSpan.FromHours(1) }));
        }
        var fetched = await engine.FetchAsync(new FetchRequest(routes.Select(r => new RouteDemand(RoutingKey.Parse(r), 10)).ToList(), 10, TimeSpan.FromSeconds(30), "w1"));
        Assert.Equal(routes, fetched.Select(f => f.Route.Value)); // one pending job per route, in the worker's route order
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(new JobFailure(fetched[0].Id, fetched[0].LeaseToken, "boom", "X", true, DateTimeOffset.UtcNow, TimeSpan.Zero)));
        Assert.All(await engine.AckAsync(fetched.Skip(1).Select(f => new JobCompletion(f.Id, f.LeaseToken, "1", TimeSpan.Zero)).ToList()), Assert.True);

        // ids carry their route, so a lookup goes to one slot, from any process
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            Assert.StartsWith(routes[i / 2] + ":", id.Value);
        await using var other = new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute });
        foreach (var id in ids) Assert.NotNull(await other.GetJobAsync(id));

        var masters = new HashSet<int>();
        foreach (var route in routes)
        {
            var tag = "{" + prefix + ":" + route + "}";
            var master = await cluster.MasterOfAsync(await cluster.SlotOfAsync(tag));
            masters.Add(master.Port);
            var keys = new List<string>();
            await foreach (var key in cluster.Connection.GetServer("127.0.0.1", master.Port).KeysAsync(pattern: tag + ":*")) keys.Add(key!);
            var own = ids.Where(id => id.Value.StartsWith(route + ":", StringComparison.Ordinal)).ToList();
            foreach (var id in own) Assert.Contains(tag + ":job:" + id.Value, keys);
            Assert.Contains(tag + ":queue:scheduled", keys);
            Assert.Contains(tag + ":routes", keys);
        }
        Assert.Equal(3, masters.Count);
        var db = cluster.Connection.GetDatabase();
        Assert.True(await db.SetContainsAsync("{" + prefix + "}:routes", routes[0]));
        foreach (var id in ids)
        {
            Assert.False(await db.KeyExistsAsync("{" + prefix + "}:job:" + id.Value)); // no job under the global tag
            Assert.False(await db.KeyExistsAsync(prefix + ":job:" + id.Value));
        }

        // admin views span the routes
        var overview = await client.Admin.GetOverviewAsync();
        Assert.Equal(routes.Order(StringComparer.Ordinal), overview.Routes.Select(r => r.Route.Value));
        Assert.Equal(1, overview.Dead);
        Assert.Equal(3, overview.Scheduled);
        Assert.Equal(fetched[0].Id, Assert.Single(await engine.ListDeadAsync(0, 10)).Id);
    }

    [Fact]
    public async Task A_callers_id_gets_its_route_and_stays_idempotent_and_a_foreign_id_is_still_found()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        await using var engine = new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute });
        var client = new BananasClient(engine);

        var first = await client.EnqueueAsync("work", "{}", new JobOptions { Route = "gpu", JobId = JobId.Parse("order-42") });
        Assert.Equal("gpu:order-42", first.Value);
        var again = await client.EnqueueAsync("work", "{}", new JobOptions { Route = "gpu", JobId = JobId.Parse("order-42") });
        Assert.Equal(first, again);
        Assert.Equal(first, await client.EnqueueAsync("work", "{}", new JobOptions { Route = "gpu", JobId = first }));
        Assert.Equal(1, (await engine.GetQueueDepthsAsync()).Routes[RoutingKey.Parse("gpu")].Total);
        // the caller's own id still finds it, from any process, and acts on the id it is stored under
        await using var reader = new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute });
        Assert.Equal(first, (await reader.GetJobAsync(JobId.Parse("order-42")))!.Id);
        Assert.Equal(CancelOutcome.Cancelled, await reader.CancelAsync(JobId.Parse("order-42")));
        Assert.Equal(JobStatus.Failed, (await engine.GetJobAsync(first))!.Status);
        var tooLong = Assert.Throws<ArgumentException>(() => RouteJobIds.For(RoutingKey.Parse("gpu"), JobId.Parse(new string('x', 126))));
        Assert.Contains("longer than 128 characters", tooLong.Message);

        // an id without a route (another producer's, a periodic task's) is stored as given and found by every process
        var foreign = Job("cpu", JobId.Parse("legacy-7"));
        Assert.True(await engine.EnqueueAsync(foreign));
        await using var other = new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute });
        Assert.Equal("cpu", (await other.GetJobAsync(foreign.Id))!.RoutingKey.Value);
        Assert.Equal(CancelOutcome.Cancelled, await other.CancelAsync(foreign.Id));
        Assert.Null(await other.GetJobAsync(JobId.Parse("never-enqueued")));

        // an id that names another route would be looked up in the wrong place: refused before anything is written
        var misnamed = Job("gpu", JobId.Parse("cpu:7"));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => engine.EnqueueAsync(misnamed));
        Assert.Contains("names route 'cpu'", refused.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => engine.EnqueueManyAsync([Job("gpu"), misnamed]));
        Assert.Null(await engine.GetJobAsync(misnamed.Id));
    }

    [Fact]
    public async Task A_workflow_with_steps_on_two_routes_is_refused_before_anything_is_written()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        await using var engine = new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute });
        var a = Job("gpu") with { Workflow = new WorkflowStepLink { WorkflowId = "wf-1", Dependencies = 0 } };
        var b = Job("cpu") with { Workflow = new WorkflowStepLink { WorkflowId = "wf-1", Dependencies = 0 } };
        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => engine.StartWorkflowAsync(new WorkflowSubmission("wf-1", "split", b.Id, [a, b])));
        Assert.Contains("'gpu', 'cpu'", refused.Message);
        Assert.Contains("REDIS_LAYOUT=cluster-per-route", refused.Message);
        Assert.Null(await engine.GetWorkflowAsync("wf-1"));
        Assert.Null(await engine.GetJobAsync(a.Id));
        Assert.Empty((await engine.GetQueueDepthsAsync()).Routes);
    }

    [Fact]
    public async Task A_process_on_the_other_tagged_layout_is_refused_before_it_writes_and_told_what_to_set()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        await using var sharded = new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute });
        Assert.True(await sharded.EnqueueAsync(Job("gpu")));
        await using var tagged = new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.Cluster });

        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => tagged.EnqueueAsync(Job("gpu")));
        Assert.Contains("REDIS_LAYOUT=cluster-per-route", refused.Message);
        Assert.Contains("{" + prefix + "}:layout", refused.Message);
        await Assert.ThrowsAsync<NotSupportedException>(() => tagged.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Parse("gpu"), 1)], 1, TimeSpan.FromSeconds(30), "w1")));
        await Assert.ThrowsAsync<NotSupportedException>(() => tagged.CheckAtStartAsync());
        var db = cluster.Connection.GetDatabase();
        Assert.False(await db.KeyExistsAsync("{" + prefix + "}:route:gpu:queue:normal"));
        Assert.Equal(1, (await sharded.GetQueueDepthsAsync()).Routes[RoutingKey.Parse("gpu")].Total);

        // and the other way round
        var other = RedisServer.NewPrefix();
        await using var first = new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = other, RedisLayout = RedisKeyLayout.Cluster });
        Assert.True(await first.EnqueueAsync(Job("gpu")));
        await using var second = new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = other, RedisLayout = RedisKeyLayout.ClusterPerRoute });
        var told = await Assert.ThrowsAsync<NotSupportedException>(() => second.EnqueueAsync(Job("gpu")));
        Assert.Contains("REDIS_LAYOUT=cluster ", told.Message);
        Assert.False(await db.KeyExistsAsync("{" + other + ":gpu}:routes"));
    }

    [Fact]
    public async Task An_acl_that_refuses_the_layout_marker_skips_the_check_with_an_incident_and_jobs_go_on()
    {
        // on one Redis: the tagged layouts run there too, and RedisAclUser makes its users there
        await RedisAclUser.WithUserAsync(["~*", "-set", "-setnx"], async (connection, admin, prefix) =>
        {
            await using var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.Cluster });
            var job = Job("gpu");
            Assert.True(await engine.EnqueueAsync(job));
            Assert.NotNull(await engine.GetJobAsync(job.Id));
            var incident = Assert.Single(engine.Incidents.Active(), i => i.Kind == "layout_check_unavailable");
            Assert.Contains("NOPERM", incident.Detail);
            Assert.Contains("+set, +setnx and +get", incident.Detail);
            Assert.False(await admin.KeyExistsAsync("{" + prefix + "}:layout"));
        });
    }
}
