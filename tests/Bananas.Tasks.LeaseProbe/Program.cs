// Measures, with real processes and a real redis-server, how long a job whose worker was killed (kill -9) takes to
// run again on another worker, and whether a live worker paused (SIGSTOP, as a long GC or CPU starvation would) keeps
// its job. Default worker options only. Usage: dotnet run -c Release -- [kills] [pause seconds...]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bananas.Tasks;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

if (args.Length >= 1 && args[0] == "worker") return await WorkerAsync(args[1], args[2]);
return await ProbeAsync(args.Length > 0 ? int.Parse(args[0]) : 5, args.Length > 1 ? args.Skip(1).Select(double.Parse).ToArray() : [5, 5, 5, 8]);

static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

static async Task<int> WorkerAsync(string endpoint, string prefix)
{
    var connection = await ConnectionMultiplexer.ConnectAsync(endpoint);
    var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix });
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Logging.ClearProviders();
    builder.Services.AddBananas().UseEngine(_ => engine).AddWorker(o => o.Concurrency = 4)
        .AddTask("sleep", async ctx =>
        {
            Console.WriteLine($"started {ctx.Job.Id} {NowMs()} attempt {ctx.Job.Attempts}");
            await Task.Delay(TimeSpan.FromSeconds(double.Parse(ctx.Payload.Trim('"'), System.Globalization.CultureInfo.InvariantCulture)), ctx.CancellationToken);
            Console.WriteLine($"done {ctx.Job.Id} {NowMs()}");
            return null;
        });
    using var host = builder.Build();
    await host.StartAsync();
    Console.WriteLine("ready");
    await host.WaitForShutdownAsync();
    return 0;
}

static async Task<int> ProbeAsync(int kills, double[] pauses)
{
    var port = FreePort();
    using var redis = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
    var endpoint = $"127.0.0.1:{port}";
    ConnectionMultiplexer? admin = null;
    for (int i = 0; i < 50 && admin is null; i++)
    {
        try { admin = await ConnectionMultiplexer.ConnectAsync(endpoint); } catch (RedisConnectionException) { await Task.Delay(100); }
    }
    var prefix = "probe";
    var engine = new RedisQueueEngine(admin!, new QueueEngineOptions { Prefix = prefix });
    var defaults = new BananasWorkerOptions();
    Console.WriteLine($"defaults: LeaseDuration {defaults.LeaseDuration.TotalSeconds} s, LeaseRenewInterval {defaults.LeaseRenewInterval.TotalSeconds} s, MaintenanceInterval {defaults.MaintenanceInterval.TotalSeconds} s");
    var exe = Environment.ProcessPath!;
    var dll = typeof(Worker).Assembly.Location;
    try
    {
        var recoveries = new List<double>();
        for (int k = 0; k < kills; k++)
        {
            await using var a = await Worker.StartAsync(exe, dll, endpoint, prefix);
            var id = JobId.New();
            await engine.EnqueueAsync(new JobRecord { Id = id, Name = "sleep", Payload = "\"60\"", MaxRetries = 3 });
            await a.WaitForAsync($"started {id}", TimeSpan.FromSeconds(10));
            await using var b = await Worker.StartAsync(exe, dll, endpoint, prefix);
            await Task.Delay(Random.Shared.Next(0, 1500)); // kill at a random point of the renewal cycle
            var killedAt = NowMs();
            a.Kill();
            var line = await b.WaitForAsync($"started {id}", TimeSpan.FromSeconds(40));
            var restartedAt = long.Parse(line.Split(' ')[2]);
            recoveries.Add((restartedAt - killedAt) / 1000.0);
            Console.WriteLine($"kill -9 #{k + 1}: job ran again on the other worker {(restartedAt - killedAt) / 1000.0:0.00} s after the kill");
            await engine.CancelAsync(id);
        }
        if (recoveries.Count > 0)
            Console.WriteLine($"recovery after kill -9: min {recoveries.Min():0.00} s, mean {recoveries.Average():0.00} s, max {recoveries.Max():0.00} s over {recoveries.Count} kills");

        foreach (var pause in pauses)
        {
            await using var a = await Worker.StartAsync(exe, dll, endpoint, prefix);
            await using var b = await Worker.StartAsync(exe, dll, endpoint, prefix);
            var id = JobId.New();
            var runFor = pause + 4;
            await engine.EnqueueAsync(new JobRecord { Id = id, Name = "sleep", Payload = $"\"{runFor.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"", MaxRetries = 3 });
            var first = await Task.WhenAny(a.WaitForAsync($"started {id}", TimeSpan.FromSeconds(10)), b.WaitForAsync($"started {id}", TimeSpan.FromSeconds(10)));
            await first;
            var (runner, other) = a.Saw($"started {id}") ? (a, b) : (b, a);
            await Task.Delay(Random.Shared.Next(0, 1000));
            runner.Signal("STOP");
            await Task.Delay(TimeSpan.FromSeconds(pause));
            runner.Signal("CONT");
            await Task.Delay(TimeSpan.FromSeconds(runFor + 2));
            var job = await engine.GetJobAsync(id);
            var stolen = other.Saw($"started {id}");
            Console.WriteLine($"SIGSTOP {pause:0.#} s of the running worker: {(stolen ? "RECOVERED (ran again on the other worker)" : "kept its lease")}; job {job?.Status}, attempts {job?.Attempts}");
        }
        return 0;
    }
    finally
    {
        redis.Kill();
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

sealed class Worker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly object _gate = new();

    private Worker(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _lines.Add(e.Data); };
        process.BeginOutputReadLine();
    }

    public static async Task<Worker> StartAsync(string exe, string dll, string endpoint, string prefix)
    {
        var info = exe.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(exe, $"{dll} worker {endpoint} {prefix}")
            : new ProcessStartInfo(exe, $"worker {endpoint} {prefix}");
        info.RedirectStandardOutput = true;
        var worker = new Worker(Process.Start(info)!);
        await worker.WaitForAsync("ready", TimeSpan.FromSeconds(20));
        return worker;
    }

    public bool Saw(string prefix)
    {
        lock (_gate) return _lines.Any(l => l.StartsWith(prefix, StringComparison.Ordinal));
    }

    public async Task<string> WaitForAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_gate)
            {
                var line = _lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (line is not null) return line;
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"worker {_process.Id} never printed '{prefix}'");
    }

    public void Signal(string signal) => Process.Start("kill", $"-{signal} {_process.Id}")!.WaitForExit();

    public void Kill()
    {
        if (!_process.HasExited) Signal("KILL");
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
