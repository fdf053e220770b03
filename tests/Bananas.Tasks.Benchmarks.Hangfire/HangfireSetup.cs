using System.Reflection;
using Hangfire;
using Hangfire.Redis.StackExchange;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Hangfire;

/// <summary>
/// How the Hangfire side is configured: the one home of its settings, which the report prints (<see cref="Settings"/>).
/// Hangfire 1.8 with Hangfire.Redis.StackExchange, the Redis storage .NET users pick, on the same redis-server. Its
/// best settings for these scenarios: one queue (each fetch is one RPOPLPUSH; every extra queue is another empty pop),
/// as many worker threads as the other sides' concurrency, the storage's pub/sub wake-up for idle workers (so the
/// fetch timeout is only the fallback for a lost message), the recommended serializer settings and 1.8's data
/// format. Completed jobs are kept (the storage expires them after 24 h), as Bananas keeps its completed records.
/// </summary>
internal static class HangfireSetup
{
    /// <summary>Key prefix of the storage (its default).</summary>
    public const string Prefix = "{hangfire}:";

    /// <summary>The one queue every job goes to and every worker reads.</summary>
    public const string Queue = "default";

    /// <summary>The succeeded counter Hangfire's state machine increments in the transaction that moves a job to Succeeded.</summary>
    public const string SucceededCounter = Prefix + "stats:succeeded";

    public const string FailedCounter = Prefix + "stats:failed";

    public static RedisStorageOptions StorageOptions() => new()
    {
        Prefix = Prefix,
        // Idle workers wait on the storage's pub/sub signal (published by every enqueue); this is only the fallback.
        FetchTimeout = TimeSpan.FromSeconds(1),
        // A fetched job is requeued if its server dies for this long: the default, never reached by a no-op job.
        InvisibilityTimeout = TimeSpan.FromMinutes(30),
        UseTransactions = true,
    };

    /// <summary>The settings as the report prints them.</summary>
    /// <summary>The thread-pool minimum of the latency producer (scenario 3).</summary>
    public const int LatencyProducerThreads = 128;

    public static string Settings
    {
        get
        {
            var o = StorageOptions();
            return $"Hangfire.Core {Version(typeof(BackgroundJob))} with Hangfire.Redis.StackExchange {Version(typeof(RedisStorage))}; " +
                $"on StackExchange.Redis {Version(typeof(StackExchange.Redis.ConnectionMultiplexer))} (the 2.x line it is built for); " +
                $"one queue `{Queue}`; `WorkerCount` = the scenario's concurrency (scenario 3: its best concurrency of scenario 2, at least 16, so that it keeps up with the rate if it can); " +
                $"storage `FetchTimeout` {o.FetchTimeout.TotalSeconds:0} s (idle workers wake on the storage's pub/sub signal; this bounds a missed signal, 3 min by default), " +
                $"`InvisibilityTimeout` {o.InvisibilityTimeout.TotalMinutes:0} min, `UseTransactions` {o.UseTransactions.ToString().ToLowerInvariant()}, " +
                $"`SucceededListSize` {o.SucceededListSize}; `CompatibilityLevel.Version_180`, `UseSimpleAssemblyNameTypeSerializer`, " +
                "`UseRecommendedSerializerSettings`; default job filters (automatic retry, statistics); jobs are static methods " +
                "enqueued with `BackgroundJobClient.Enqueue(() => …)`; a fresh process per measured run, warmed up for 3 s like the .NET side; " +
                $"the latency producer raises its thread-pool minimum to {LatencyProducerThreads} (Hangfire's client is synchronous: each paced call holds a pool thread for its round trips, and the pool's slow growth otherwise starved it into 60 s timeouts)";
        }
    }

    /// <summary>Configures Hangfire's globals once per process and returns a storage over <paramref name="connection"/>.</summary>
    public static JobStorage CreateStorage(IConnectionMultiplexer connection)
    {
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        return new RedisStorage(connection, StorageOptions());
    }

    /// <summary>A server with <paramref name="workers"/> worker threads on the one queue.</summary>
    public static BackgroundJobServer StartServer(JobStorage storage, int workers) => new(new BackgroundJobServerOptions
    {
        WorkerCount = workers,
        Queues = [Queue],
        ServerName = $"bench-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}",
    }, storage);

    /// <summary>The package version of the assembly that holds <paramref name="type"/> (its informational version without the commit).</summary>
    private static string Version(Type type)
    {
        var informational = type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null) return informational.Split('+')[0];
        return type.Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "unknown";
    }
}
