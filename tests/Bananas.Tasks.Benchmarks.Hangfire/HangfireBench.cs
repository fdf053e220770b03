using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Benchmarks.Tasks;
using Hangfire;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Hangfire;

/// <summary>
/// The Hangfire side of scenarios 1-3, run in a process of its own once per measured run (the harness starts this
/// program with <c>MODE …</c>, as it runs <c>node bench.mjs</c> for BullMQ), so Hangfire's globals, threads and JIT
/// state start fresh each run and its CPU time is its own. Each mode warms up for <c>--warmup-seconds</c>, flushes,
/// measures, and prints one line <c>RESULT {json}</c>: perSecond (or p50/p99/p999), jobs, redisMicrosPerJob,
/// processMicrosPerJob and one <c>cmd.NAME</c> per Redis command executed in the measured window.
/// Modes: <c>enqueue-single</c>, <c>drain</c>, <c>latency</c> (the producer; it starts <c>latency-worker</c>), and
/// <c>settings</c>, which prints <c>SETTINGS text</c>: the settings for the report.
/// </summary>
internal static class HangfireBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        if (mode == "settings")
        {
            Console.WriteLine("SETTINGS " + HangfireSetup.Settings);
            return 0;
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
        string Text(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"hangfire child: {name} is required.");
        int Number(string name) => int.Parse(Text(name), CultureInfo.InvariantCulture);

        var config = ConfigurationOptions.Parse(Text("--redis"));
        config.AllowAdmin = true; // FLUSHALL after the warm-up, INFO for the profile
        config.AsyncTimeout = config.SyncTimeout = 60_000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(config);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var storage = HangfireSetup.CreateStorage(connection);
        var client = new BackgroundJobClient(storage);
        var warmup = TimeSpan.FromSeconds(Number("--warmup-seconds"));
        Dictionary<string, double> result;
        switch (mode)
        {
            case "enqueue-single":
            {
                int count = Number("--count"), inflight = Number("--inflight");
                await WarmAsync(warmup, () => { EnqueueSingle(client, Number("--warmup"), inflight); return Task.CompletedTask; });
                await server.FlushAllDatabasesAsync();
                var meter = await CpuMeter.StartAsync(server);
                var seconds = EnqueueSingle(client, count, inflight);
                result = Profile(await meter.StopAsync(count), count / seconds);
                break;
            }
            case "drain":
            {
                int count = Number("--count"), concurrency = Number("--concurrency");
                await WarmAsync(warmup, async () =>
                {
                    EnqueueSingle(client, Number("--warmup"), 64);
                    await DrainAsync(storage, connection, Number("--warmup"), concurrency);
                });
                await server.FlushAllDatabasesAsync();
                EnqueueSingle(client, count, 64); // set-up, not measured
                var meter = await CpuMeter.StartAsync(server);
                var seconds = await DrainAsync(storage, connection, count, concurrency);
                result = Profile(await meter.StopAsync(count), count / seconds);
                break;
            }
            case "latency":
                result = await LatencyAsync(client, Text("--redis"), Number("--count"), Number("--warmup"), Number("--rate"), Number("--concurrency"));
                break;
            case "latency-worker":
                return await LatencyWorkerAsync(storage, Number("--count"), Number("--warmup"), Number("--concurrency"));
            default:
                throw new ArgumentException($"hangfire child: mode '{mode}' is unknown; expected enqueue-single, drain, latency, latency-worker or settings.");
        }
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task WarmAsync(TimeSpan time, Func<Task> round)
    {
        var started = Stopwatch.GetTimestamp();
        do await round();
        while (Stopwatch.GetElapsedTime(started) < time);
    }

    private static Dictionary<string, double> Profile(CpuProfile profile, double perSecond)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["perSecond"] = perSecond, ["jobs"] = profile.Jobs,
            ["redisMicrosPerJob"] = profile.RedisMicrosPerJob, ["processMicrosPerJob"] = profile.ProcessMicrosPerJob,
        };
        foreach (var (name, calls) in profile.Commands) result["cmd." + name] = calls;
        return result;
    }

    /// <summary><paramref name="count"/> enqueues from <paramref name="inflight"/> threads (Hangfire's client is synchronous); returns the seconds taken.</summary>
    private static double EnqueueSingle(IBackgroundJobClient client, int count, int inflight)
    {
        int next = -1;
        var threads = Enumerable.Range(0, inflight).Select(_ => new Thread(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) client.Enqueue(() => HangfireJobs.Noop(i));
        }) { IsBackground = true }).ToList();
        var started = Stopwatch.GetTimestamp();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// A server with <paramref name="concurrency"/> workers drains the <paramref name="count"/> enqueued no-op jobs:
    /// seconds from the first job start until the succeeded counter rose by the count (Hangfire increments it in the
    /// transaction that records the Succeeded state).
    /// </summary>
    private static async Task<double> DrainAsync(JobStorage storage, IConnectionMultiplexer connection, int count, int concurrency)
    {
        var db = connection.GetDatabase();
        var succeededBefore = (long?)await db.StringGetAsync(HangfireSetup.SucceededCounter) ?? 0;
        DrainProbe.Reset(count);
        using (var server = HangfireSetup.StartServer(storage, concurrency))
        {
            await ChildProcess.WithTimeout(DrainProbe.Done, TimeSpan.FromMinutes(10), $"Hangfire draining {count:N0} jobs with {concurrency} workers");
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
            while ((long?)await db.StringGetAsync(HangfireSetup.SucceededCounter) - succeededBefore < count)
            {
                if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"Hangfire: the jobs ran but fewer than {count:N0} reached Succeeded within 60 s.");
                await Task.Delay(1);
            }
            var seconds = Stopwatch.GetElapsedTime(DrainProbe.FirstStart).TotalSeconds;
            server.SendStop();
            var pending = await db.ListLengthAsync(HangfireSetup.Prefix + "queue:" + HangfireSetup.Queue);
            var failed = (long?)await db.StringGetAsync(HangfireSetup.FailedCounter) ?? 0;
            if (pending != 0 || failed != 0)
                throw new InvalidOperationException($"Hangfire's drain of {count:N0} jobs left {pending} pending and {failed} failed; every job must succeed.");
            return seconds;
        }
    }

    /// <summary>The producer of scenario 3: an idle worker process of its own, probes enqueued at a steady rate (1 ms pacing timer), the worker's percentiles.</summary>
    private static async Task<Dictionary<string, double>> LatencyAsync(IBackgroundJobClient client, string redis, int count, int warmup, int rate, int concurrency)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, HangfireSetup.LatencyProducerThreads), io);
        using var worker = ChildProcess.StartSelf("latency-worker", "--redis", redis, "--count", count.ToString(CultureInfo.InvariantCulture),
            "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--warmup-seconds", "0");
        try
        {
            await ChildProcess.ExpectAsync(worker, "READY", TimeSpan.FromSeconds(60));
            await Task.Delay(500); // the workers are subscribed and idle
            await PacedAsync(client, warmup, rate, measured: false);
            await Task.Delay(500);
            await PacedAsync(client, count, rate, measured: true);
            var result = JsonSerializer.Deserialize<Dictionary<string, double>>(await ChildProcess.ExpectAsync(worker, "RESULT", TimeSpan.FromMinutes(2)))!;
            await worker.WaitForExitAsync();
            if (worker.ExitCode != 0) throw new InvalidOperationException($"The Hangfire latency worker exited with code {worker.ExitCode}.");
            return result;
        }
        finally
        {
            // a failed run must not leave its worker polling the shared Redis (and taking the next run's probes) for minutes
            if (!worker.HasExited) { worker.Kill(entireProcessTree: true); await worker.WaitForExitAsync(); }
        }
    }

    /// <summary>Enqueues <paramref name="count"/> probes at <paramref name="rate"/> per second, each call on the thread pool (calls not awaited one by one).</summary>
    private static async Task PacedAsync(IBackgroundJobClient client, int count, int rate, bool measured)
    {
        var calls = new List<Task>(count);
        var started = Stopwatch.GetTimestamp();
        int sent = 0;
        while (sent < count)
        {
            var due = Math.Min(count, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
                calls.Add(Task.Run(() =>
                {
                    var sentAt = Stopwatch.GetTimestamp();
                    client.Enqueue(() => HangfireJobs.Probe(sentAt, measured));
                }));
            await Task.Delay(1);
        }
        await Task.WhenAll(calls);
    }

    private static async Task<int> LatencyWorkerAsync(JobStorage storage, int count, int warmup, int concurrency)
    {
        LatencyProbe.Reset(warmup + count, count);
        using var server = HangfireSetup.StartServer(storage, concurrency);
        Console.WriteLine("READY");
        await ChildProcess.WithTimeout(LatencyProbe.Done, TimeSpan.FromMinutes(5), $"The Hangfire worker's {warmup + count:N0} latency probes");
        var sorted = LatencyProbe.Sorted();
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["p50"] = Percentiles.Of(sorted, 0.5), ["p99"] = Percentiles.Of(sorted, 0.99), ["p999"] = Percentiles.Of(sorted, 0.999), ["max"] = sorted[^1],
        }));
        server.SendStop();
        return 0;
    }
}
