using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The engine's Lua scripts, embedded as <c>Bananas.Tasks.Redis.Scripts.{file}</c>. The helpers of <c>_common.lua</c>
/// that a script uses are prepended to it (<see cref="LuaPrelude"/>). Each runs as <c>EVALSHA</c> with its SHA1 computed once here (see
/// <see cref="RedisScript.EvaluateAsync(IDatabase, RedisKey[], RedisValue[])"/>); after a NOSCRIPT (a restarted or flushed server) it is sent as text once.
/// </summary>
internal static class RedisScripts
{
    private const string ResourcePrefix = "Bananas.Tasks.Redis.Scripts.";
    private static readonly ConcurrentDictionary<string, string> s_cache = new();

    public static RedisScript Enqueue { get; } = new("enqueue-n.lua");
    public static RedisScript Fetch { get; } = new("fetch-n.lua");
    public static RedisScript Ack { get; } = new("ack-n.lua");
    public static RedisScript Fail { get; } = new("fail-4.lua");
    public static RedisScript Snooze { get; } = new("snooze-3.lua");
    public static RedisScript Renew { get; } = new("renew-n.lua");
    public static RedisScript Release { get; } = new("release-2.lua");
    public static RedisScript Progress { get; } = new("progress-2.lua");
    public static RedisScript Promote { get; } = new("promote-3.lua");
    public static RedisScript Recover { get; } = new("recover-2.lua");
    public static RedisScript Maintain { get; } = new("maintain-4.lua");
    public static RedisScript Cancel { get; } = new("cancel-2.lua");
    public static RedisScript WaitMark { get; } = new("wait-1.lua");
    public static RedisScript RequeueDead { get; } = new("requeue-dead-3.lua");
    public static RedisScript DeleteDead { get; } = new("delete-dead-3.lua");
    public static RedisScript ListPage { get; } = new("list-page-n.lua");
    public static RedisScript DeadBatch { get; } = new("dead-batch-2.lua");
    public static RedisScript Overview { get; } = new("overview-5.lua");
    public static RedisScript Pause { get; } = new("pause-1.lua");
    public static RedisScript WorkerBeat { get; } = new("worker-n.lua");
    public static RedisScript CronLoad { get; } = new("cron-load-2.lua");
    public static RedisScript CronAdvance { get; } = new("cron-advance-1.lua");
    public static RedisScript WorkflowStart { get; } = new("workflow-n.lua");
    public static RedisScript WorkflowCancel { get; } = new("workflow-cancel-2.lua");
    public static RedisScript ClusterProbe { get; } = new("cluster-probe-1.lua");

    /// <summary>Names of every embedded script but the shared helpers.</summary>
    public static IReadOnlyList<string> All =>
        typeof(RedisScripts).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".lua", StringComparison.Ordinal) && !n.EndsWith("._common.lua", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The text sent to Redis for a script file: the shared helpers it uses (<see cref="LuaPrelude"/>), then the script.</summary>
    public static string Get(string file) => s_cache.GetOrAdd(file, static f =>
    {
        var script = Read(f);
        return LuaPrelude.For(Read("_common.lua"), script) + "\n" + script;
    });

    /// <summary>The script file exactly as embedded.</summary>
    public static string Read(string file)
    {
        using var stream = typeof(RedisScripts).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"Embedded Lua script '{ResourcePrefix + file}' is missing from {typeof(RedisScripts).Assembly.GetName().Name}; check the EmbeddedResource item for Redis/Scripts/*.lua.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// One script: its text and SHA1. <see cref="EvaluateAsync(IDatabase, RedisKey[], RedisValue[])"/> sends <c>EVALSHA</c> with the precomputed digest, so a
/// call costs no hashing or lookup of the script text on the hot path (StackExchange.Redis's text overload hashes the
/// whole text on every call).
/// </summary>
internal sealed class RedisScript
{
    public RedisScript(string file)
    {
        File = file;
        Text = RedisScripts.Get(file);
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Text));
    }

    /// <summary>The script file name, e.g. <c>fetch-n.lua</c>.</summary>
    public string File { get; }

    /// <summary>The text sent to Redis (shared helpers + script).</summary>
    public string Text { get; }

    /// <summary>SHA1 of <see cref="Text"/> as Redis computes it.</summary>
    public byte[] Sha1 { get; }

    /// <summary>
    /// How long a script refused with <c>TRYAGAIN</c> is sent again before the error reaches the caller. A Redis Cluster
    /// answers TRYAGAIN to a multi-key call while its slot is being migrated and the keys are split between the two
    /// nodes (resharding): the script did not run, so sending it again is safe; the split lasts as long as the
    /// migration of the slot's keys (docs/scaling.md "Redis Cluster: resharding").
    /// </summary>
    public static readonly TimeSpan TryAgainBudget = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs the script by SHA; when the server does not have it (NOSCRIPT: restarted, flushed, or a new server),
    /// runs it once by text, which loads it. A <c>TRYAGAIN</c> (a cluster slot being migrated; nothing ran) is retried
    /// after 10 ms, doubling up to 200 ms, until <see cref="TryAgainBudget"/> has passed; then it is thrown.
    /// </summary>
    public Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] args) => EvaluateAsync(db, keys, args, TryAgainBudget);

    internal async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] args, TimeSpan tryAgainBudget)
    {
        var started = Environment.TickCount64;
        var pause = 10;
        while (true)
        {
            try
            {
                return await EvaluateOnceAsync(db, keys, args).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (IsTryAgain(ex) && Remaining(started, tryAgainBudget) > 0)
            {
                await Task.Delay((int)Math.Min(pause, Remaining(started, tryAgainBudget))).ConfigureAwait(false);
                pause = Math.Min(pause * 2, 200);
            }
        }
    }

    private async Task<RedisResult> EvaluateOnceAsync(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await db.ScriptEvaluateAsync(Sha1, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Text, keys, args).ConfigureAwait(false);
        }
    }

    /// <summary>The synchronous form of <see cref="EvaluateAsync(IDatabase, RedisKey[], RedisValue[])"/> (the heartbeat thread renews leases with it).</summary>
    public RedisResult Evaluate(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        var started = Environment.TickCount64;
        var pause = 10;
        while (true)
        {
            try
            {
                return EvaluateOnce(db, keys, args);
            }
            catch (RedisServerException ex) when (IsTryAgain(ex) && Remaining(started, TryAgainBudget) > 0)
            {
                Thread.Sleep((int)Math.Min(pause, Remaining(started, TryAgainBudget)));
                pause = Math.Min(pause * 2, 200);
            }
        }
    }

    private RedisResult EvaluateOnce(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return db.ScriptEvaluate(Sha1, keys, args);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return db.ScriptEvaluate(Text, keys, args);
        }
    }

    /// <summary>Milliseconds left of <paramref name="budget"/> since <paramref name="started"/> (<see cref="Environment.TickCount64"/>).</summary>
    private static long Remaining(long started, TimeSpan budget) => (long)budget.TotalMilliseconds - (Environment.TickCount64 - started);

    /// <summary>
    /// A refusal that means the script did not run and may be sent again shortly: Redis Cluster's <c>TRYAGAIN</c> (keys
    /// split by a slot migration), and the scripts' own <c>TRYAGAIN</c> reply while the prefix's slot is being migrated
    /// to or from their node (see <c>cluster_unstable</c> in _common.lua).
    /// </summary>
    internal static bool IsTryAgain(RedisServerException ex) => ex.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal);
}
