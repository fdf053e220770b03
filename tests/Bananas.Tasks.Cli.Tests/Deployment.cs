using Bananas.Tasks.Admin;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bananas.Tasks.Cli.Tests;

/// <summary>
/// A real deployment under its own prefix on the shared real Redis: a client (enqueue through <see cref="BananasClient"/>)
/// and, when started, a real hosted worker (through <c>AddBananas().AddWorker()</c>) that runs the test tasks:
/// <c>ok</c> returns <c>{"echo": payload}</c>, <c>boom</c> throws, <c>slow</c> runs until the worker stops.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private Deployment(RedisServer server, string prefix)
    {
        Server = server;
        Prefix = prefix;
        Engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        Client = new BananasClient(Engine);
        Cron = new RedisCronStore(server.Connection, prefix);
    }

    public RedisServer Server { get; }
    public string Prefix { get; }
    public RedisQueueEngine Engine { get; }
    public BananasClient Client { get; }
    public IBananasAdmin Admin => Client.Admin;
    public RedisCronStore Cron { get; }
    public string Url => Server.Url;

    public static async Task<Deployment> CreateAsync() => new(await RedisServer.GetAsync(), RedisServer.NewPrefix());

    /// <summary>Runs the tool in process against this deployment (<c>--prefix</c> added, Redis from REDIS_URL).</summary>
    public Task<CliResult> RunAsync(params string[] args) => Cli.RunAsync(Url, [.. args, "--prefix", Prefix]);

    /// <summary>Runs the tool in process with a terminal stdin that answers <paramref name="answer"/>.</summary>
    public Task<CliResult> RunWithAnswerAsync(string answer, params string[] args) => Cli.RunWithInputAsync(Url, answer, [.. args, "--prefix", Prefix]);

    /// <summary>Runs the built executable as a child process against this deployment.</summary>
    public Task<CliResult> RunProcessAsync(params string[] args) => Cli.RunProcessAsync(Url, [.. args, "--prefix", Prefix]);

    public Task<JobId> EnqueueAsync(string task, string payload = "{}", string? route = null, Priority? priority = null, int? maxRetries = null, TimeSpan? delay = null) =>
        Client.EnqueueAsync(task, payload, new JobOptions { Route = route, Priority = priority, MaxRetries = maxRetries, Delay = delay });

    /// <summary>Starts a worker serving <paramref name="routes"/>.</summary>
    public async Task<IHost> StartWorkerAsync(params string[] routes)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddBananas()
            .UseEngine(_ => Engine)
            .AddWorker(o =>
            {
                o.RoutingKeys = [.. routes];
                o.Concurrency = 4;
                o.LeaseDuration = TimeSpan.FromSeconds(5);
                o.IdlePollInterval = TimeSpan.FromMilliseconds(200);
                o.MaintenanceInterval = TimeSpan.FromMilliseconds(100);
                o.RegistrationInterval = TimeSpan.FromMilliseconds(200);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                o.RetryJitter = 0;
                o.TimeoutGrace = TimeSpan.FromMilliseconds(300);
                o.WorkerId = "cli-test-worker-" + Guid.NewGuid().ToString("N")[..6];
            })
            .AddTask("ok", ctx => ValueTask.FromResult<string?>($"{{\"echo\":{ctx.Payload}}}"))
            .AddTask("boom", _ => throw new InvalidOperationException("boom: the input was rejected"))
            .AddTask("slow", async ctx =>
            {
                ctx.CreateProgress<int>(percent => percent.ToString(System.Globalization.CultureInfo.InvariantCulture)).Report(42);
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                return null;
            });
        var host = builder.Build();
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    public async Task StopWorkerAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
        _hosts.Remove(host);
    }

    public async Task<JobRecord> WaitForAsync(JobId id, JobStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        JobRecord? job = null;
        while (DateTime.UtcNow < deadline)
        {
            job = await Client.GetJobAsync(id);
            if (job?.Status == status) return job;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Job {id} did not reach {status}; last seen {job?.Status.ToString() ?? "no record"} ({job?.Error}).");
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what + ".");
            await Task.Delay(50);
        }
    }

    /// <summary>Makes <paramref name="count"/> dead jobs of task <c>boom</c> on <paramref name="route"/> with a real worker, then stops it.</summary>
    public async Task<IReadOnlyList<JobId>> MakeDeadAsync(int count, string route = "work")
    {
        var host = await StartWorkerAsync(route);
        var ids = new List<JobId>();
        for (int i = 0; i < count; i++) ids.Add(await EnqueueAsync("boom", $"{{\"n\":{i}}}", route, maxRetries: 0));
        foreach (var id in ids) await WaitForAsync(id, JobStatus.Failed);
        await StopWorkerAsync(host);
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.ToList()) await StopWorkerAsync(host);
        await Engine.DisposeAsync();
    }
}

/// <summary>
/// One deployment seeded for the read-only tests, with a worker still running:
/// route <c>work</c> (served): 3 completed <c>ok</c> jobs, 2 dead <c>boom</c> jobs, 1 processing <c>slow</c> job;
/// route <c>idle</c> (not served): pending jobs high (ok), normal (ok, other), low (ok); 1 scheduled job due in an hour;
/// a periodic schedule <c>nightly</c> whose last job is the first completed one.
/// </summary>
public sealed class SeededDeployment : IAsyncLifetime
{
    public Deployment D { get; private set; } = null!;
    public IReadOnlyList<JobId> Completed { get; private set; } = [];
    public IReadOnlyList<JobId> Dead { get; private set; } = [];
    public JobId Processing { get; private set; }
    public JobId PendingHigh { get; private set; }
    public JobId PendingNormalOk { get; private set; }
    public JobId PendingNormalOther { get; private set; }
    public JobId PendingLow { get; private set; }
    public JobId Scheduled { get; private set; }
    public DateTimeOffset NightlyLast { get; } = new(2026, 1, 1, 2, 0, 0, TimeSpan.Zero);
    public DateTimeOffset NightlyNext { get; } = new(2026, 1, 2, 2, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        D = await Deployment.CreateAsync();
        PendingHigh = await D.EnqueueAsync("ok", "{\"n\":1}", "idle", Priority.High);
        PendingNormalOk = await D.EnqueueAsync("ok", "{\"n\":2}", "idle", Priority.Normal);
        PendingNormalOther = await D.EnqueueAsync("other", "{\"n\":3}", "idle", Priority.Normal);
        PendingLow = await D.EnqueueAsync("ok", "{\"n\":4}", "idle", Priority.Low);
        Scheduled = await D.EnqueueAsync("ok", "{\"later\":true}", "idle", delay: TimeSpan.FromHours(1));

        await D.StartWorkerAsync("work");
        var completed = new List<JobId>();
        for (int i = 0; i < 3; i++) completed.Add(await D.EnqueueAsync("ok", $"{{\"i\":{i}}}", "work"));
        var dead = new List<JobId>();
        for (int i = 0; i < 2; i++) dead.Add(await D.EnqueueAsync("boom", $"{{\"i\":{i}}}", "work", maxRetries: 0));
        foreach (var id in completed) await D.WaitForAsync(id, JobStatus.Completed);
        foreach (var id in dead) await D.WaitForAsync(id, JobStatus.Failed);
        Completed = completed;
        Dead = dead;
        Processing = await D.EnqueueAsync("slow", "{}", "work");
        await D.WaitForAsync(Processing, JobStatus.Processing);

        await D.Cron.LoadAsync("nightly", NightlyLast);
        await D.Cron.AdvanceAsync("nightly", NightlyLast, Completed[0], NightlyNext);

        await Deployment.WaitUntilAsync(async () => (await D.Admin.ListWorkersAsync()).Count == 1, "the worker's registration");
        await Deployment.WaitUntilAsync(async () =>
        {
            var stats = await D.Admin.GetThroughputAsync(RoutingKey.Parse("work"), 1);
            return stats.Minutes.Sum(p => p.Processed) >= 5 && stats.Minutes.Sum(p => p.Failed) >= 2;
        }, "the throughput counters");
    }

    public async Task DisposeAsync() => await D.DisposeAsync();
}
