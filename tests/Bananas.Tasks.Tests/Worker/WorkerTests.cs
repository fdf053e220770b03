using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Text.Json;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.InMemory;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>The hosted worker against an engine; run for every engine by the derived classes.</summary>
public abstract partial class WorkerTests
{
    protected abstract Task<IQueueEngine> CreateEngineAsync();

    [Fact]
    public async Task A_fetch_that_comes_back_after_its_leases_were_recovered_does_not_run_the_stale_attempts()
    {
        // The fetch returns 600 ms late, past the 300 ms lease, and the leases it took were recovered meanwhile (the
        // jobs are back in their queue): running those attempts would run each job twice at once.
        var engine = new SlowFetchEngine(await CreateEngineAsync(), TimeSpan.FromMilliseconds(600));
        var attempts = new ConcurrentQueue<(JobId Id, int Attempt)>();
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("once", ctx =>
        {
            attempts.Enqueue((ctx.JobId, ctx.Attempt));
            return ValueTask.FromResult<string?>(null);
        }), o => { o.LeaseDuration = TimeSpan.FromMilliseconds(300); o.FetchBatchSize = 4; });
        var ids = new List<JobId>();
        for (int i = 0; i < 3; i++) ids.Add(await host.Client.EnqueueAsync("once", "{}"));
        foreach (var id in ids) await host.WaitForStatusAsync(id, JobStatus.Completed);
        await Task.Delay(300); // a stale attempt that was started anyway would show up by now
        // Each job ran once; those the late fetch delivered ran as their second attempt (the re-fetched one), never the stale first.
        Assert.Equal(ids.Select(i => i.Value).Order(StringComparer.Ordinal), attempts.Select(a => a.Id.Value).Order(StringComparer.Ordinal));
        Assert.NotEmpty(engine.DelayedIds);
        Assert.All(attempts.Where(a => engine.DelayedIds.Contains(a.Id)), a => Assert.Equal(2, a.Attempt));
    }

    [Fact]
    public async Task Runs_a_job_and_stores_its_result_for_the_waiting_caller()
    {
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("echo", ctx =>
            ValueTask.FromResult<string?>(ctx.Payload)));
        var id = await host.Client.EnqueueAsync("echo", """{"word":"banana"}""");
        var result = await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(10));
        Assert.Equal(JobStatus.Completed, result.Status);
        Assert.Equal("""{"word":"banana"}""", result.ResultJson);
        var job = await host.Engine.GetJobAsync(id);
        Assert.Equal(JobStatus.Completed, job!.Status);
        Assert.Equal(1, job.Attempts);
    }

    [Fact]
    public async Task Unknown_task_is_retried_then_dead_lettered_with_an_error_naming_it()
    {
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("known", _ => ValueTask.FromResult<string?>(null)));
        var id = await host.Client.EnqueueAsync("no_such_task", "{}", new JobOptions { MaxRetries = 1 });
        var job = await host.WaitForStatusAsync(id, JobStatus.Failed);
        Assert.Equal(2, job.Attempts);
        Assert.Equal("UnknownTask", job.ErrorType);
        Assert.Contains("Unknown task 'no_such_task'", job.Error);
        Assert.Contains("registered: known", job.Error);
        Assert.Contains(id, (await host.Engine.ListDeadAsync(0, 10)).Select(j => j.Id));
    }

    [Fact]
    public async Task Payload_that_is_not_valid_json_fails_permanently_without_retries()
    {
        var engine = await CreateEngineAsync();
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("typed", ArgsContext.Default.Args,
            (_, _, _) => Task.CompletedTask));
        var id = JobId.New();
        await engine.EnqueueAsync(new JobRecord { Id = id, Name = "typed", Payload = "{not json", MaxRetries = 5 });
        var job = await host.WaitForStatusAsync(id, JobStatus.Failed);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(typeof(TaskPayloadException).FullName, job.ErrorType);
        Assert.Contains("Cannot decode the payload of task 'typed'", job.Error);
        var ex = await Assert.ThrowsAsync<JobFailedException>(() => host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(5)));
        Assert.Contains("Cannot decode the payload", ex.Message);
    }

    [Fact]
    public async Task Handler_exception_is_retried_with_backoff_and_then_dead_lettered()
    {
        var runs = new ConcurrentQueue<DateTimeOffset>();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("flaky", ctx =>
        {
            runs.Enqueue(DateTimeOffset.UtcNow);
            throw new InvalidOperationException($"boom on attempt {ctx.Job.Attempts}");
        }), o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(50));
        var id = await host.Client.EnqueueAsync("flaky", "{}", new JobOptions { MaxRetries = 2 });
        var job = await host.WaitForStatusAsync(id, JobStatus.Failed);
        Assert.Equal(3, runs.Count);
        Assert.Equal(3, job.Attempts);
        Assert.Equal("boom on attempt 3", job.Error);
        Assert.Equal(typeof(InvalidOperationException).FullName, job.ErrorType);
        var times = runs.ToArray();
        // backoff: base 50 ms × 2^attempts → ≥100 ms after the first run, ≥200 ms after the second
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(90), $"first retry after {(times[1] - times[0]).TotalMilliseconds} ms");
        Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(190), $"second retry after {(times[2] - times[1]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task PermanentJobException_skips_retries()
    {
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("doomed", _ => throw new PermanentJobException("the account is closed")));
        var id = await host.Client.EnqueueAsync("doomed", "{}", new JobOptions { MaxRetries = 5 });
        var job = await host.WaitForStatusAsync(id, JobStatus.Failed);
        Assert.Equal(1, job.Attempts);
        Assert.Equal("the account is closed", job.Error);
    }

    [Fact]
    public async Task A_job_past_its_timeout_is_cancelled_and_failed_with_a_timeout_error()
    {
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("slow", async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.CancellationToken);
            return null;
        }));
        var id = await host.Client.EnqueueAsync("slow", "{}", new JobOptions { MaxRetries = 0, Timeout = TimeSpan.FromMilliseconds(200) });
        var job = await host.WaitForStatusAsync(id, JobStatus.Failed);
        Assert.Equal("JobTimeout", job.ErrorType);
        Assert.Equal("The job exceeded its timeout of 200ms.", job.Error);
    }

    [Fact]
    public async Task A_handler_that_ignores_cancellation_is_abandoned_after_the_grace_and_its_slot_freed()
    {
        var release = new TaskCompletionSource();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b =>
        {
            b.AddTask("stubborn", async _ => { await release.Task; return null; });
            b.AddTask("quick", _ => ValueTask.FromResult<string?>("\"ok\""));
        }, o => o.Concurrency = 1);
        var stubborn = await host.Client.EnqueueAsync("stubborn", "{}", new JobOptions { MaxRetries = 0, Timeout = TimeSpan.FromMilliseconds(100) });
        var job = await host.WaitForStatusAsync(stubborn, JobStatus.Failed);
        Assert.Equal("JobTimeout", job.ErrorType);
        Assert.Contains("ignored its CancellationToken", job.Error);
        // the only slot is free again although the handler never returned
        var quick = await host.Client.EnqueueAsync("quick", "{}");
        Assert.Equal("\"ok\"", (await host.Client.WaitForResultAsync(quick, TimeSpan.FromSeconds(10))).ResultJson);
        release.SetResult();
    }

    [Fact]
    public async Task Graceful_shutdown_lets_a_running_job_finish()
    {
        var started = new TaskCompletionSource();
        var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("finishing", async ctx =>
        {
            started.SetResult();
            await Task.Delay(300, CancellationToken.None);
            return "\"done\"";
        }));
        var id = await host.Client.EnqueueAsync("finishing", "{}");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var engine = host.Engine;
        await host.DisposeAsync();
        var job = await engine.GetJobAsync(id);
        Assert.Equal(JobStatus.Completed, job!.Status);
    }

    [Fact]
    public async Task Shutdown_timeout_cancels_running_jobs_and_returns_them_to_their_queue()
    {
        var started = new TaskCompletionSource();
        var sawCancellation = new TaskCompletionSource();
        var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("long", async ctx =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                sawCancellation.SetResult();
                throw;
            }
            return null;
        }), o => o.RoutingKeys = ["batch"], shutdownTimeout: TimeSpan.FromMilliseconds(300));
        var id = await host.Client.EnqueueAsync("long", "{}", new JobOptions { Route = "batch", Priority = Priority.Low });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var engine = host.Engine;
        await host.DisposeAsync();
        Assert.True(sawCancellation.Task.IsCompleted, "the handler's token fired at shutdown");
        var job = await engine.GetJobAsync(id);
        Assert.Equal(JobStatus.Pending, job!.Status);
        Assert.Equal(0, job.Attempts);
        var depths = await engine.GetQueueDepthsAsync([RoutingKey.Parse("batch")]);
        Assert.Equal(1, depths.Routes[RoutingKey.Parse("batch")].Low);
        Assert.Equal(0, depths.Processing);
    }

    [Fact]
    public async Task Cancelling_a_running_job_fires_its_token_and_fails_it()
    {
        var started = new TaskCompletionSource();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("cancellable", async ctx =>
        {
            started.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.CancellationToken);
            return null;
        }));
        var id = await host.Client.EnqueueAsync("cancellable", "{}");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(CancelOutcome.Signalled, await host.Client.CancelAsync(id));
        var job = await host.WaitForStatusAsync(id, JobStatus.Failed);
        Assert.Equal("JobCancelled", job.ErrorType);
        Assert.Equal(1, job.Attempts);
    }

    [Fact]
    public async Task A_handler_that_throws_Snooze_twice_then_succeeds_completes_with_one_attempt_and_two_snoozes()
    {
        var runs = new ConcurrentQueue<(int Attempts, int Snoozes, DateTimeOffset At)>();
        var logs = new CapturingLoggerProvider();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("sleepy", ctx =>
        {
            runs.Enqueue((ctx.Job.Attempts, ctx.Job.Snoozes, DateTimeOffset.UtcNow));
            if (runs.Count <= 2) throw new Snooze(TimeSpan.FromMilliseconds(200));
            return ValueTask.FromResult<string?>("\"awake\"");
        }), logs: logs);
        // MaxRetries 0: a snooze that counted as a failed attempt would dead-letter the job at the first one
        var id = await host.Client.EnqueueAsync("sleepy", "{}", new JobOptions { MaxRetries = 0 });

        var result = await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(15));

        Assert.Equal(JobStatus.Completed, result.Status);
        Assert.Equal("\"awake\"", result.ResultJson);
        var job = (await host.Engine.GetJobAsync(id))!;
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(2, job.Snoozes);
        Assert.Null(job.Error);
        Assert.Empty(job.ErrorHistory);
        var seen = runs.ToArray();
        Assert.Equal(new[] { (1, 0), (1, 1), (1, 2) }, seen.Select(r => (r.Attempts, r.Snoozes)).ToArray());
        Assert.True(seen[1].At - seen[0].At >= TimeSpan.FromMilliseconds(190), $"second run {(seen[1].At - seen[0].At).TotalMilliseconds} ms after the first");
        var snoozed = logs.Lines.Where(l => l.Message.Contains(id.Value, StringComparison.Ordinal) && l.Message.Contains("snoozed", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, snoozed.Count);
        Assert.All(snoozed, l => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, l.Level));
        Assert.Contains("(snooze 2)", snoozed[1].Message);
        Assert.Empty(await host.Engine.ListDeadAsync(0, 10));
    }

    [Fact]
    public async Task A_cancel_request_wins_over_a_Snooze_thrown_after_it()
    {
        var started = new TaskCompletionSource();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("snooze_on_cancel", async ctx =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new Snooze(TimeSpan.FromSeconds(1));
            }
            return null;
        }));
        var id = await host.Client.EnqueueAsync("snooze_on_cancel", "{}");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CancelOutcome.Signalled, await host.Client.CancelAsync(id));

        var job = await host.WaitForStatusAsync(id, JobStatus.Failed);
        Assert.Equal("JobCancelled", job.ErrorType);
        Assert.Equal(0, job.Snoozes);
        Assert.Equal(1, job.Attempts);
    }

    [Fact]
    public async Task Serves_routes_in_order_and_respects_per_route_limits()
    {
        var order = new ConcurrentQueue<string>();
        var gate = new TaskCompletionSource();
        var running = new ConcurrentDictionary<string, int>();
        var maxGpu = 0;
        var engine = await CreateEngineAsync();
        // enqueue before the worker starts so the order is decided by the worker alone
        var client = new BananasClient(engine);
        foreach (var (route, priority, tag) in new[] { ("default", Priority.High, "default-high"), ("gpu", Priority.Low, "gpu-low"), ("gpu", Priority.High, "gpu-high"), ("default", Priority.Low, "default-low"), ("gpu", Priority.Normal, "gpu-normal") })
            await client.EnqueueAsync("record", JsonSerializer.Serialize(new Dictionary<string, string> { ["tag"] = tag }), new JobOptions { Route = route, Priority = priority });
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("record", async ctx =>
        {
            var tag = JsonDocument.Parse(ctx.Payload).RootElement.GetProperty("tag").GetString()!;
            order.Enqueue(tag);
            if (ctx.Job.RoutingKey.Value == "gpu")
            {
                var now = running.AddOrUpdate("gpu", 1, (_, v) => v + 1);
                InterlockedMax(ref maxGpu, now);
                await Task.Delay(50);
                running.AddOrUpdate("gpu", 0, (_, v) => v - 1);
            }
            return null;
        }), o =>
        {
            o.RoutingKeys = ["gpu", "default"];
            o.Concurrency = 1;
        });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (order.Count < 5 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(["gpu-high", "gpu-normal", "gpu-low", "default-high", "default-low"], order.ToArray());
        Assert.Equal(1, maxGpu);
    }

    [Fact]
    public async Task Per_route_limit_caps_concurrent_jobs_of_that_route()
    {
        var current = 0;
        var max = 0;
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("gpu_job", async _ =>
        {
            InterlockedMax(ref max, Interlocked.Increment(ref current));
            await Task.Delay(30);
            Interlocked.Decrement(ref current);
            return null;
        }), o =>
        {
            o.RoutingKeys = ["gpu"];
            o.Concurrency = 8;
            o.RouteConcurrency["gpu"] = 2;
        });
        var ids = new List<JobId>();
        for (int i = 0; i < 12; i++) ids.Add(await host.Client.EnqueueAsync("gpu_job", "{}", new JobOptions { Route = "gpu" }));
        foreach (var id in ids) await host.WaitForStatusAsync(id, JobStatus.Completed);
        Assert.Equal(2, max);
    }

    [Fact]
    public async Task A_delayed_job_runs_after_its_delay_on_its_own_route()
    {
        var ran = new TaskCompletionSource<string>();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("later", ctx =>
        {
            ran.TrySetResult(ctx.Job.RoutingKey.Value);
            return ValueTask.FromResult<string?>(null);
        }), o => o.RoutingKeys = ["email"]);
        var enqueuedAt = DateTimeOffset.UtcNow;
        var id = await host.Client.EnqueueAsync("later", "{}", new JobOptions { Route = "email", Delay = TimeSpan.FromMilliseconds(400) });
        Assert.Equal(JobStatus.Scheduled, (await host.Engine.GetJobAsync(id))!.Status);
        Assert.Equal("email", await ran.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(DateTimeOffset.UtcNow - enqueuedAt >= TimeSpan.FromMilliseconds(380));
    }

    [Fact]
    public async Task Each_job_gets_its_own_DI_scope()
    {
        var seen = new ConcurrentBag<Guid>();
        var engine = await CreateEngineAsync();
        await using var host = await WorkerHost.StartAsync(engine, b =>
        {
            b.Services.AddScoped<ScopedThing>();
            b.AddTask("scoped", ctx =>
            {
                var a = ctx.Services.GetRequiredService<ScopedThing>();
                var b2 = ctx.Services.GetRequiredService<ScopedThing>();
                Assert.Same(a, b2);
                seen.Add(a.Id);
                return ValueTask.FromResult<string?>(null);
            });
        });
        var ids = new List<JobId>();
        for (int i = 0; i < 3; i++) ids.Add(await host.Client.EnqueueAsync("scoped", "{}"));
        foreach (var id in ids) await host.WaitForStatusAsync(id, JobStatus.Completed);
        Assert.Equal(3, seen.Distinct().Count());
    }

    /// <summary>Handlers that block their threads must not starve the heartbeat (reliability plan W5).</summary>
    [Fact]
    public async Task Synchronously_blocking_handlers_do_not_lose_their_leases()
    {
        var starts = new ConcurrentDictionary<string, int>();
        var engine = await CreateEngineAsync();
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("blocking", ctx =>
        {
            starts.AddOrUpdate(ctx.Job.Id.Value, 1, (_, n) => n + 1);
            Thread.Sleep(1500); // blocks a thread for 5 leases, as badly written handlers do
            return ValueTask.FromResult<string?>(null);
        }), o =>
        {
            o.Concurrency = 16;
            o.LeaseDuration = TimeSpan.FromMilliseconds(300);
            o.MaintenanceInterval = TimeSpan.FromMilliseconds(50);
        });
        var ids = new List<JobId>();
        for (int i = 0; i < 16; i++) ids.Add(await host.Client.EnqueueAsync("blocking", "{}"));
        foreach (var id in ids) await host.WaitForStatusAsync(id, JobStatus.Completed, TimeSpan.FromSeconds(30));
        Assert.Equal(16, starts.Count);
        Assert.All(starts.Values, n => Assert.Equal(1, n));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    private sealed class ScopedThing
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    [Fact]
    public async Task The_worker_registers_itself_counts_outcomes_skips_paused_routes_and_unregisters_when_stopped()
    {
        var engine = await CreateEngineAsync();
        var host = await WorkerHost.StartAsync(engine, b => b.AddTask("echo", ctx => ValueTask.FromResult<string?>(ctx.Payload)),
            worker: o => { o.RoutingKeys = ["gpu", "default"]; o.Concurrency = 3; o.RegistrationInterval = TimeSpan.FromMilliseconds(100); o.WorkerId = "admin-test:" + Guid.NewGuid().ToString("N"); });
        var admin = host.Host.Services.GetRequiredService<Bananas.Tasks.Admin.IBananasAdmin>();
        Assert.Same(admin, host.Client.Admin);
        var workerId = host.Worker.WorkerId;
        try
        {
            Assert.True(await admin.PauseRouteAsync("gpu"));
            var paused = await host.Client.EnqueueAsync("echo", "{}", new JobOptions { Route = "gpu" });
            var served = await host.Client.EnqueueAsync("echo", "{}");
            await host.Client.WaitForResultAsync(served, TimeSpan.FromSeconds(10));
            await Task.Delay(300);
            Assert.Equal(JobStatus.Pending, await admin.GetStatusAsync(paused));

            var deadline = DateTime.UtcNow.AddSeconds(10);
            Bananas.Tasks.Admin.WorkerInfo? me = null;
            while (DateTime.UtcNow < deadline && me is null)
            {
                me = (await admin.ListWorkersAsync()).SingleOrDefault(w => w.Id == workerId);
                if (me is null) await Task.Delay(50);
            }
            Assert.NotNull(me);
            Assert.Equal(["gpu", "default"], me!.Routes.Select(r => r.Value));
            Assert.Equal(3, me.Concurrency);
            Assert.Equal(Environment.ProcessId, me.ProcessId);

            Assert.True(await admin.ResumeRouteAsync("gpu"));
            await host.Client.WaitForResultAsync(paused, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await host.DisposeAsync();
        }
        Assert.DoesNotContain(await admin.ListWorkersAsync(), w => w.Id == workerId); // a clean stop removes the registration
        var stats = await admin.GetThroughputAsync("default", days: 1);
        Assert.True(stats.Minutes.Sum(m => m.Processed) >= 1, "the completed default job is counted");
        // At least once: a flush whose reply was lost (a timeout on a loaded machine) is sent again with the next one.
        Assert.True((await admin.GetThroughputAsync("gpu", days: 1)).Days[^1].Processed >= 1, "the completed gpu job is counted");
    }
}

public sealed record Args(string Name);

[System.Text.Json.Serialization.JsonSerializable(typeof(Args))]
internal sealed partial class ArgsContext : System.Text.Json.Serialization.JsonSerializerContext;

public sealed class InMemoryWorkerTests : WorkerTests
{
    protected override Task<IQueueEngine> CreateEngineAsync() => Task.FromResult<IQueueEngine>(new InMemoryQueueEngine());
}
