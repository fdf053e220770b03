using System.Diagnostics;
using Bananas.Tasks.Dashboard.Tests.Infrastructure;
using Bananas.Tasks.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Bananas.Tasks.Dashboard.Tests;

/// <summary>
/// "The page stays responsive with 1,000,000 jobs in Redis": every view reads a bounded page, so each page sends the same
/// Redis commands with a million more ids in the pending queue and the dead letter queue as with a handful, and answers in
/// about the same time. Runs on its own redis-server so the command counts are this app's alone.
/// </summary>
[Trait("Category", "Scale")]
public sealed class DashboardScaleTests(ITestOutputHelper output)
{
    public const int Bulk = 1_000_000;

    private static readonly string[] Pages =
    [
        "/bananas", "/bananas/routes/bulk", "/bananas/jobs/pending", "/bananas/jobs/pending?route=bulk", "/bananas/jobs/dead",
        "/bananas/jobs/dead?route=bulk", "/bananas/jobs/pending?q=nomatch", "/bananas/jobs/dead?task=explode", "/bananas/workers", "/bananas/api/throughput",
    ];

    [Fact]
    public async Task Every_page_sends_the_same_redis_commands_and_stays_fast_with_a_million_more_jobs()
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        var prefix = RedisServer.NewPrefix();
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        var db = connection.GetDatabase();

        // a full page (60) of real dead jobs, made by a real worker (then stopped), and of real pending jobs at the consumer end
        await using (var workerApp = await TestApp.StartAsync(redis: (redis.Url, prefix),
            services: (_, b) => b.AddTask("explode", _ => throw new InvalidOperationException("boom")).AddWorker(o => o.RoutingKeys = ["bulk"])))
        {
            for (int i = 0; i < 60; i++) await workerApp.Client.EnqueueAsync("explode", "{}", new JobOptions { Route = "bulk", MaxRetries = 0 });
            await Eventually.HoldsAsync(async () => (await workerApp.Admin.GetOverviewAsync()).Dead == 60, "60 dead jobs");
        }
        await using var app = await TestApp.StartAsync(redis: (redis.Url, prefix));
        for (int i = 0; i < 60; i++) await app.Client.EnqueueAsync("work", "{}", new JobOptions { Route = "bulk" });

        var small = await MeasureAsync(app, db);

        // a million more ids: at the producer end of the pending queue and the old end of both dead letter lists;
        // measured at 100,000 too, where a filtered page (which examines up to ScanLimit entries) is already at its bound
        var clock = Stopwatch.StartNew();
        await SeedAsync(db, prefix, 1, 100_000);
        var mid = await MeasureAsync(app, db);
        await SeedAsync(db, prefix, 100_001, Bulk);
        output.WriteLine($"seeded 3 × {Bulk:N0} ids in {clock.Elapsed.TotalSeconds:0.0} s (with the 100,000 measurement)");
        var overview = await app.Admin.GetOverviewAsync();
        Assert.Equal(Bulk + 60, overview.Routes.Single(r => r.Route.Value == "bulk").Pending);
        Assert.Equal(Bulk + 60, overview.Dead);

        var large = await MeasureAsync(app, db);
        output.WriteLine($"{"page",-40} {"commands: 60 jobs / +100k / +1M",-34} median ms: 60 jobs / +100k / +1M");
        foreach (var page in Pages)
        {
            output.WriteLine($"{page,-40} {small[page].Commands,6} {mid[page].Commands,6} {large[page].Commands,6}{"",15} {small[page].Median.TotalMilliseconds,6:0.0} {mid[page].Median.TotalMilliseconds,6:0.0} {large[page].Median.TotalMilliseconds,6:0.0}");
            Assert.Equal(mid[page].Commands, large[page].Commands);
            if (!Filtered(page)) Assert.Equal(small[page].Commands, large[page].Commands);
            // generous (2 shared cores): the work per page does not grow with the data, so neither does the time
            Assert.True(large[page].Median < mid[page].Median * 5 + TimeSpan.FromMilliseconds(200),
                $"{page} took {large[page].Median.TotalMilliseconds:0} ms with a million more jobs, {mid[page].Median.TotalMilliseconds:0} ms with 100,000");
        }
    }

    /// <summary>A text or task filter examines up to ScanLimit (1000) entries per page, so 60 jobs are below its bound.</summary>
    private static bool Filtered(string page) => page.Contains("q=", StringComparison.Ordinal) || page.Contains("task=", StringComparison.Ordinal);

    private static async Task SeedAsync(IDatabase db, string prefix, int from, int to)
    {
        await SeedAsync(db, prefix + ":route:bulk:queue:normal", "LPUSH", from, to);
        await SeedAsync(db, prefix + ":queue:dead", "RPUSH", from, to);
        await SeedAsync(db, prefix + ":route:bulk:dead", "RPUSH", from, to);
    }

    private static async Task SeedAsync(IDatabase db, string key, string command, int first, int last)
    {
        // one script per 100,000 ids, 4,000 per push (under Lua's unpack limit)
        const string script = """
            local chunk = {}
            for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
              chunk[#chunk + 1] = 'bulk-' .. i
              if #chunk == 4000 then redis.call(ARGV[3], KEYS[1], unpack(chunk)); chunk = {} end
            end
            if #chunk > 0 then redis.call(ARGV[3], KEYS[1], unpack(chunk)) end
            return redis.call('LLEN', KEYS[1])
            """;
        for (int from = first; from <= last; from += 100_000)
            await db.ScriptEvaluateAsync(script, [key], [from, Math.Min(from + 99_999, last), command]);
    }

    private static async Task<Dictionary<string, (long Commands, TimeSpan Median)>> MeasureAsync(TestApp app, IDatabase db)
    {
        var result = new Dictionary<string, (long, TimeSpan)>();
        foreach (var page in Pages)
        {
            Assert.Equal(200, (await app.GetAsync(page)).Status); // warm
            var before = await CommandsAsync(db);
            Assert.Equal(200, (await app.GetAsync(page)).Status);
            var commands = await CommandsAsync(db) - before;
            var times = new List<TimeSpan>();
            for (int i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                Assert.Equal(200, (await app.GetAsync(page)).Status);
                times.Add(clock.Elapsed);
            }
            result[page] = (commands, times.Order().ElementAt(2));
        }
        return result;
    }

    /// <summary>Commands the server ran, except this test's own INFO calls and SE.Redis keep-alives.</summary>
    private static async Task<long> CommandsAsync(IDatabase db)
    {
        var info = (string)(await db.ExecuteAsync("INFO", "commandstats"))!;
        long total = 0;
        foreach (var line in info.Split('\n'))
        {
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var name = line[8..line.IndexOf(':')];
            if (name is "info" or "ping" or "echo" or "client|setinfo" or "client|setname" or "cluster|nodes" or "config|get" || name.StartsWith("subscribe", StringComparison.Ordinal)) continue;
            var calls = line[(line.IndexOf("calls=", StringComparison.Ordinal) + 6)..];
            total += long.Parse(calls[..calls.IndexOf(',')]);
        }
        return total;
    }
}
