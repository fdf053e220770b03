using System.Collections.Concurrent;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Client;

/// <summary>
/// Unique jobs through the client (issue 13 item 1): the options' rules, the key (the payload by default, per task
/// name), the duplicate answer, the race of many enqueuers, and the lock's expiry on each engine's clock.
/// </summary>
public sealed class UniqueJobsTests
{
    private static JobOptions WhileQueued(string? key = null) => new() { Unique = UniqueScope.WhileQueued, UniqueKey = key };

    [Theory]
    [InlineData("key without scope", "JobOptions.UniqueKey is set but JobOptions.Unique is not")]
    [InlineData("period without scope", "JobOptions.UniqueFor is set but JobOptions.Unique is not")]
    [InlineData("ForPeriod without period", "JobOptions.Unique is ForPeriod but JobOptions.UniqueFor is not set")]
    [InlineData("negative period", "JobOptions.UniqueFor is -00:00:01; expected a positive duration")]
    [InlineData("empty key", "JobOptions.UniqueKey is 0 characters; expected 1 to 1024")]
    [InlineData("long key", "JobOptions.UniqueKey is 1025 characters; expected 1 to 1024")]
    [InlineData("unknown scope", "JobOptions.Unique is 9; expected None, WhileQueued, WhileQueuedOrRunning or ForPeriod")]
    public async Task Unique_options_out_of_their_rules_are_refused_before_anything_is_stored(string what, string message)
    {
        var engine = new InMemoryQueueEngine();
        var client = new BananasClient(engine);
        var options = what switch
        {
            "key without scope" => new JobOptions { UniqueKey = "k" },
            "period without scope" => new JobOptions { UniqueFor = TimeSpan.FromMinutes(1) },
            "ForPeriod without period" => new JobOptions { Unique = UniqueScope.ForPeriod },
            "negative period" => new JobOptions { Unique = UniqueScope.WhileQueued, UniqueFor = TimeSpan.FromSeconds(-1) },
            "empty key" => WhileQueued(""),
            "long key" => WhileQueued(new string('k', 1025)),
            "unknown scope" => new JobOptions { Unique = (UniqueScope)9 },
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync("work", "{}", options));

        Assert.Contains("Cannot enqueue task 'work': " + message, error.Message);
        Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Routes.Values.Sum(r => r.Total));
    }

    [Fact]
    public async Task The_default_key_is_the_payload_and_keys_are_per_task_name()
    {
        var client = new BananasClient(new InMemoryQueueEngine());
        var first = await client.SubmitAsync("work", "{\"n\":1}", WhileQueued());

        var same = await client.SubmitAsync("work", "{\"n\":1}", WhileQueued());
        var otherArgs = await client.SubmitAsync("work", "{\"n\":2}", WhileQueued());
        var otherTask = await client.SubmitAsync("other", "{\"n\":1}", WhileQueued());
        var explicitKey = await client.SubmitAsync("work", "{\"n\":3}", WhileQueued("order-7"));
        var sameKeyOtherArgs = await client.SubmitAsync("work", "{\"n\":4}", WhileQueued("order-7"));

        Assert.False(first.Duplicate);
        Assert.Equal(new EnqueueResult(first.Id, true), same);
        Assert.False(otherArgs.Duplicate);
        Assert.False(otherTask.Duplicate);
        Assert.False(explicitKey.Duplicate);
        Assert.Equal(new EnqueueResult(explicitKey.Id, true), sameKeyOtherArgs);
        // EnqueueAsync answers the existing id for a duplicate, without saying.
        Assert.Equal(first.Id, await client.EnqueueAsync("work", "{\"n\":1}", WhileQueued()));
        var job = (await client.GetJobAsync(first.Id))!;
        Assert.StartsWith("work:", job.UniqueLock);
        Assert.Equal(5 + 64, job.UniqueLock!.Length); // "work:" and the SHA-256 in hex
        Assert.Equal(UniqueScope.WhileQueued, job.UniqueScope);
    }

    [Fact]
    public void The_proxy_key_text_of_different_value_lists_differs_and_is_culture_invariant()
    {
        Assert.NotEqual(Proxies.TaskProxySupport.UniqueKey("a,b"), Proxies.TaskProxySupport.UniqueKey("a", "b"));
        Assert.NotEqual(Proxies.TaskProxySupport.UniqueKey("ab", ""), Proxies.TaskProxySupport.UniqueKey("a", "b"));
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ","; // a culture that writes 1,5 (the tests run globalization-invariant)
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Assert.Equal("1,5", 1.5.ToString());
            Assert.Equal("1.5", Proxies.TaskProxySupport.UniqueText(1.5));
            Assert.Equal("2026-12-02T00:00:00.0000000+00:00", Proxies.TaskProxySupport.UniqueText(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
        Assert.Equal("High", Proxies.TaskProxySupport.UniqueText(Priority.High));
        Assert.Equal("\0null", Proxies.TaskProxySupport.UniqueText<string?>(null));
        Assert.NotEqual(Proxies.TaskProxySupport.UniqueText<string?>(null), Proxies.TaskProxySupport.UniqueText(""));
    }

    [Fact]
    public async Task Sixteen_enqueuers_over_a_thousand_keys_on_Redis_make_exactly_one_job_per_key()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        const int enqueuers = 16, keys = 1000;
        var results = new ConcurrentBag<(int Key, EnqueueResult Result)>();
        var connections = new List<ConnectionMultiplexer>();
        try
        {
            for (int i = 0; i < enqueuers; i++) connections.Add(await ConnectionMultiplexer.ConnectAsync(server.Endpoint));
            using var start = new ManualResetEventSlim();
            var runs = connections.Select((connection, n) => Task.Run(async () =>
            {
                var client = new BananasClient(new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix }));
                var order = Enumerable.Range(0, keys).OrderBy(_ => Random.Shared.Next()).ToList();
                start.Wait();
                foreach (var k in order)
                    results.Add((k, await client.SubmitAsync("work", "{}", WhileQueued("key-" + k))));
            })).ToList();
            start.Set();
            await Task.WhenAll(runs);
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }

        Assert.Equal(enqueuers * keys, results.Count);
        foreach (var perKey in results.GroupBy(r => r.Key))
        {
            Assert.Single(perKey, r => !r.Result.Duplicate);
            Assert.Single(perKey.Select(r => r.Result.Id).Distinct());
        }
        var db = server.Connection.GetDatabase();
        Assert.Equal(keys, await db.ListLengthAsync($"{prefix}:route:default:queue:normal"));
    }

    [Fact]
    public async Task Sixteen_enqueuers_over_a_thousand_keys_in_memory_make_exactly_one_job_per_key()
    {
        var client = new BananasClient(new InMemoryQueueEngine());
        var results = new ConcurrentBag<(int Key, EnqueueResult Result)>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            foreach (var k in Enumerable.Range(0, 1000).OrderBy(_ => Random.Shared.Next()))
                results.Add((k, await client.SubmitAsync("work", "{}", WhileQueued("key-" + k))));
        })));

        foreach (var perKey in results.GroupBy(r => r.Key)) Assert.Single(perKey, r => !r.Result.Duplicate);
        Assert.Equal(1000, (await client.Engine.GetQueueDepthsAsync()).Routes.Values.Sum(r => r.Total));
    }

    [Fact]
    public async Task On_Redis_a_lock_for_a_period_runs_out_by_its_TTL_and_a_bound_ends_a_scope_early()
    {
        var server = await RedisServer.GetAsync();
        var client = new BananasClient(new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix() }));
        var period = new JobOptions { Unique = UniqueScope.ForPeriod, UniqueFor = TimeSpan.FromMilliseconds(400) };
        var bounded = new JobOptions { Unique = UniqueScope.WhileQueued, UniqueKey = "b", UniqueFor = TimeSpan.FromMilliseconds(400) };
        var first = await client.SubmitAsync("work", "{}", period);
        var firstBounded = await client.SubmitAsync("work", "{}", bounded);
        Assert.True((await client.SubmitAsync("work", "{}", period)).Duplicate);
        Assert.True((await client.SubmitAsync("work", "{}", bounded)).Duplicate);

        await Task.Delay(700);

        var again = await client.SubmitAsync("work", "{}", period);
        Assert.False(again.Duplicate);
        Assert.NotEqual(first.Id, again.Id);
        // The bounded job is still pending, but its lock has run out.
        Assert.Equal(JobStatus.Pending, (await client.GetJobAsync(firstBounded.Id))!.Status);
        Assert.False((await client.SubmitAsync("work", "{}", bounded)).Duplicate);
    }

    [Fact]
    public async Task In_memory_a_lock_for_a_period_runs_out_on_the_engine_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var client = new BananasClient(new InMemoryQueueEngine(new QueueEngineOptions { TimeProvider = time }), timeProvider: time);
        var period = new JobOptions { Unique = UniqueScope.ForPeriod, UniqueFor = TimeSpan.FromMinutes(10) };
        await client.SubmitAsync("work", "{}", period);

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.True((await client.SubmitAsync("work", "{}", period)).Duplicate);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await client.SubmitAsync("work", "{}", period)).Duplicate);
    }

    [Fact]
    public async Task On_Redis_a_lock_key_of_another_type_refuses_the_enqueue_before_any_write()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        var job = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}", UniqueLock = "work:abc", UniqueScope = UniqueScope.WhileQueued };
        var db = server.Connection.GetDatabase();
        await db.ListLeftPushAsync($"{prefix}:unique:work:abc", "x");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => engine.TryEnqueueAsync(job));

        Assert.StartsWith($"WRONGTYPE {prefix}:unique:work:abc holds a list, not a string; nothing was changed", error.Message);
        Assert.False(await db.KeyExistsAsync($"{prefix}:job:{job.Id}"));
        Assert.Equal(0, await db.ListLengthAsync($"{prefix}:route:default:queue:normal"));
    }
}

/// <summary>The rate-limit options' rules and buckets (issue 13 item 2).</summary>
public sealed class RateLimitOptionsTests
{
    [Theory]
    [InlineData(0, 1000, null, "JobOptions.RateLimit.Limit is 0; expected 1 or more")]
    [InlineData(5, 0, null, "JobOptions.RateLimit.Period is 00:00:00; expected from 1 ms to 1 day")]
    [InlineData(5, 90_000_000, null, "JobOptions.RateLimit.Period is 1.01:00:00; expected from 1 ms to 1 day")]
    [InlineData(1000, 100, null, "spaces starts 0.1 ms apart; expected at least 1 ms")]
    [InlineData(5, 1000, "", "JobOptions.RateKey is 0 characters; expected 1 to 1024")]
    public async Task Rate_limits_out_of_their_rules_are_refused(int limit, int periodMs, string? key, string message)
    {
        var client = new BananasClient(new InMemoryQueueEngine());
        var options = new JobOptions { RateLimit = new RateLimit(limit, TimeSpan.FromMilliseconds(periodMs)), RateKey = key };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync("work", "{}", options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_rate_key_without_a_limit_is_refused_and_partitions_get_buckets_of_their_own()
    {
        var client = new BananasClient(new InMemoryQueueEngine());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync("work", "{}", new JobOptions { RateKey = "t1" }));
        Assert.Contains("JobOptions.RateKey is set but JobOptions.RateLimit is not", error.Message);

        var limit = new RateLimit(10, TimeSpan.FromSeconds(1));
        var whole = await client.GetJobAsync((await client.SubmitAsync("work", "{}", new JobOptions { RateLimit = limit })).Id);
        var t1 = await client.GetJobAsync((await client.SubmitAsync("work", "{}", new JobOptions { RateLimit = limit, RateKey = "t1" })).Id);
        var t2 = await client.GetJobAsync((await client.SubmitAsync("work", "{}", new JobOptions { RateLimit = limit, RateKey = "t2" })).Id);
        Assert.Equal("work", whole!.RateBucket);
        Assert.StartsWith("work:", t1!.RateBucket);
        Assert.NotEqual(t1.RateBucket, t2!.RateBucket);
        Assert.Equal(limit, t1.RateLimit);
    }
}
