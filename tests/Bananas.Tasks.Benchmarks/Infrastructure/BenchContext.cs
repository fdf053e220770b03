using System.Diagnostics;
using Bananas.Tasks.Client;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>What every scenario gets: the Redis, the options, where results go, and the BullMQ and Hangfire runners (null with --no-bullmq, --no-hangfire).</summary>
internal sealed class BenchContext(RedisHost redis, BenchOptions options, Results results, BullMqRunner? bullMq, Hangfire.HangfireRunner? hangfire, string repoRoot)
{
    public RedisHost Redis { get; } = redis;
    public BenchOptions Options { get; } = options;
    public Sizes Sizes => Options.Sizes;
    public Results Results { get; } = results;
    public BullMqRunner? BullMq { get; } = bullMq;
    public string RepoRoot { get; } = repoRoot;

    /// <summary>The Hangfire side of scenarios 1-3 (null with --no-hangfire).</summary>
    public Hangfire.HangfireRunner? Hangfire { get; } = hangfire;

    /// <summary>How long each scenario warms up before it measures: long enough for tiered compilation to reach its optimized code.</summary>
    public TimeSpan WarmupTime => WarmupFor(Options);

    public static TimeSpan WarmupFor(BenchOptions options) => options.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>A producer: its own connection (to <paramref name="database"/>), a Redis engine and a client over it. Dispose the connection when done.</summary>
    public async Task<Producer> NewProducerAsync(int database = 0)
    {
        var connection = await Redis.ConnectAsync(database).ConfigureAwait(false);
        var engine = WorkerHost.CreateEngine(connection);
        return new Producer(connection, engine, new BananasClient(engine));
    }

    /// <summary>Keeps the CPU profile and Redis commands of a measured run next to its metric.</summary>
    public void RecordProfile(string metric, Side side, CpuProfile profile)
    {
        Results.Add(ProfileRedis(metric), side, profile.RedisMicrosPerJob);
        Results.Add(ProfileClient(metric), side, profile.ProcessMicrosPerJob);
        Results.AddCommands(metric, side, profile.Jobs, profile.Commands);
    }

    /// <summary>
    /// Keeps the profile a process of another side reported in its RESULT line (bench.mjs, the Hangfire child):
    /// <c>redisMicrosPerJob</c>, <c>processMicrosPerJob</c>, <c>jobs</c> and one <c>cmd.NAME</c> per command executed.
    /// </summary>
    public void RecordProfile(string metric, Side side, IReadOnlyDictionary<string, double> result)
    {
        if (result.TryGetValue("redisMicrosPerJob", out var redis)) Results.Add(ProfileRedis(metric), side, redis);
        if (result.TryGetValue("processMicrosPerJob", out var client)) Results.Add(ProfileClient(metric), side, client);
        RecordCommands(metric, side, result);
    }

    /// <summary>Keeps the <c>cmd.NAME</c> counts of a RESULT line for <c>jobs</c> jobs.</summary>
    public void RecordCommands(string metric, Side side, IReadOnlyDictionary<string, double> result)
    {
        if (!result.TryGetValue("jobs", out var jobs)) return;
        var calls = result.Where(kv => kv.Key.StartsWith("cmd.", StringComparison.Ordinal) && !RedisStats.IsMeasurement(kv.Key[4..]))
            .ToDictionary(kv => kv.Key[4..], kv => (long)kv.Value, StringComparer.Ordinal);
        Results.AddCommands(metric, side, (long)jobs, calls);
    }

    public static string ProfileRedis(string metric) => "cpu.redis:" + metric;
    public static string ProfileClient(string metric) => "cpu.client:" + metric;

    /// <summary>Runs <paramref name="body"/> for each run, on a flushed server each time.</summary>
    public Task RepeatAsync(string label, Func<int, Task> body) => RepeatAsync(label, flush: true, body);

    /// <summary>Runs <paramref name="body"/> for each run; on a flushed server each time when <paramref name="flush"/>.</summary>
    public async Task RepeatAsync(string label, bool flush, Func<int, Task> body)
    {
        for (int run = 1; run <= Options.Runs; run++)
        {
            if (flush) await Redis.FlushAsync().ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            Console.Write($"  {label}, run {run}/{Options.Runs} ... ");
            await body(run).ConfigureAwait(false);
            Console.WriteLine($"({Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
        }
    }

    /// <summary>Waits for <paramref name="task"/>, or throws naming <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task WithTimeout(Task task, TimeSpan limit, string what)
    {
        if (await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false) != task)
            throw new TimeoutException($"{what} did not finish within {limit.TotalSeconds:0} s; the harness gives up (is the worker stuck or Redis unreachable?).");
        await task.ConfigureAwait(false);
    }
}

/// <summary>A client with its own connection.</summary>
internal sealed record Producer(ConnectionMultiplexer Connection, Bananas.Tasks.Redis.RedisQueueEngine Engine, BananasClient Client) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Enqueues <paramref name="count"/> jobs in 1,000-job batches, a few batches in flight (setup, not measured).</summary>
    public async Task PreEnqueueAsync(int count, Func<int, TaskEnvelope> job)
    {
        const int batch = 1_000;
        const int inFlight = 4;
        var pending = new List<Task>(inFlight);
        for (int start = 0; start < count; start += batch)
        {
            var envelopes = new TaskEnvelope[Math.Min(batch, count - start)];
            for (int i = 0; i < envelopes.Length; i++) envelopes[i] = job(start + i);
            pending.Add(Client.EnqueueManyAsync(envelopes));
            if (pending.Count == inFlight)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
    }
}
