using System.Diagnostics;
using Bananas.Tasks.Client;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>What every scenario gets: the Redis, the options, where results go, and the BullMQ runner (null with --no-bullmq).</summary>
internal sealed class BenchContext(RedisHost redis, BenchOptions options, Results results, BullMqRunner? bullMq, string repoRoot)
{
    public RedisHost Redis { get; } = redis;
    public BenchOptions Options { get; } = options;
    public Sizes Sizes => Options.Sizes;
    public Results Results { get; } = results;
    public BullMqRunner? BullMq { get; } = bullMq;
    public string RepoRoot { get; } = repoRoot;

    /// <summary>How long each scenario warms up before it measures: long enough for tiered compilation to reach its optimized code.</summary>
    public TimeSpan WarmupTime => Options.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>A producer: its own connection (to <paramref name="database"/>), a Redis engine and a client over it. Dispose the connection when done.</summary>
    public async Task<Producer> NewProducerAsync(int database = 0)
    {
        var connection = await Redis.ConnectAsync(database).ConfigureAwait(false);
        var engine = WorkerHost.CreateEngine(connection);
        return new Producer(connection, engine, new BananasClient(engine));
    }

    /// <summary>Keeps the CPU profile of a measured run next to its metric.</summary>
    public void RecordProfile(string metric, Side side, CpuProfile profile)
    {
        Results.Add(ProfileRedis(metric), side, profile.RedisMicrosPerJob);
        Results.Add(ProfileClient(metric), side, profile.ProcessMicrosPerJob);
    }

    /// <summary>Keeps the CPU profile bench.mjs reported for a BullMQ run.</summary>
    public void RecordProfile(string metric, IReadOnlyDictionary<string, double> bullMqResult)
    {
        if (bullMqResult.TryGetValue("redisMicrosPerJob", out var redis)) Results.Add(ProfileRedis(metric), Side.BullMq, redis);
        if (bullMqResult.TryGetValue("processMicrosPerJob", out var client)) Results.Add(ProfileClient(metric), Side.BullMq, client);
    }

    public static string ProfileRedis(string metric) => "cpu.redis:" + metric;
    public static string ProfileClient(string metric) => "cpu.client:" + metric;

    /// <summary>Runs <paramref name="body"/> for each run, on a flushed server each time.</summary>
    public async Task RepeatAsync(string label, Func<int, Task> body)
    {
        for (int run = 1; run <= Options.Runs; run++)
        {
            await Redis.FlushAsync().ConfigureAwait(false);
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
