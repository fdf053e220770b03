using System.Collections.Concurrent;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Bananas.Tasks.Tests.Worker;

namespace Bananas.Tasks.Tests.Results;

/// <summary>Waiting for results, timeouts, failures, cancellation and scheduling through client and worker, per engine.</summary>
public abstract class ResultBackendTests
{
    protected abstract Task<IQueueEngine> CreateEngineAsync();

    [Fact]
    public async Task Many_concurrent_waiters_each_get_their_own_result()
    {
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(),
            b => b.AddTask("double", ctx => ValueTask.FromResult<string?>((int.Parse(ctx.Payload[5..^1]) * 2).ToString())),
            o => o.Concurrency = 64);
        const int callers = 1000;
        var results = await Task.WhenAll(Enumerable.Range(0, callers).Select(async i =>
        {
            var id = await host.Client.EnqueueAsync("double", $$"""{"n":{{i}}}""");
            var result = await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(60));
            return (i, result.ResultJson);
        }));
        Assert.All(results, r => Assert.Equal((r.i * 2).ToString(), r.ResultJson));
    }

    [Fact]
    public async Task A_wait_that_times_out_names_the_job_and_its_last_status_and_the_job_goes_on()
    {
        var release = new TaskCompletionSource();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("slow", async _ =>
        {
            await release.Task;
            return "\"late\"";
        }));
        var id = await host.Client.EnqueueAsync("slow", "{}");
        await host.WaitForStatusAsync(id, JobStatus.Processing);
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => host.Client.WaitForResultAsync(id, TimeSpan.FromMilliseconds(200)));
        // The whole text, as docs/results.md quotes it.
        Assert.Equal($"Job {id} did not finish within 00:00:00.2000000; its last known status is processing. The job itself goes on.", ex.Message);
        Assert.Equal(JobStatus.Processing, (await host.Client.GetJobAsync(id))!.Status);
        release.SetResult();
        Assert.Equal("\"late\"", (await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(10))).ResultJson);
    }

    [Fact]
    public async Task A_job_that_fails_for_good_throws_the_handlers_message_and_type_to_the_waiter()
    {
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("bad", _ => throw new FormatException("width must be positive")));
        var id = await host.Client.EnqueueAsync("bad", "{}", new JobOptions { MaxRetries = 1 });
        var ex = await Assert.ThrowsAsync<JobFailedException>(() => host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(20)));
        Assert.Equal($"Job {id} failed: System.FormatException: width must be positive", ex.Message);
        Assert.Equal("width must be positive", ex.Error);
        Assert.Equal(typeof(FormatException).FullName, ex.ErrorType);
        var stored = await host.Client.GetResultAsync(id);
        Assert.Equal(JobStatus.Failed, stored!.Status);
        Assert.Equal("width must be positive", stored.Error);
    }

    [Fact]
    public async Task Cancelling_the_caller_stops_the_wait_not_the_job()
    {
        var release = new TaskCompletionSource();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("slow", async _ =>
        {
            await release.Task;
            return "1";
        }));
        var id = await host.Client.EnqueueAsync("slow", "{}");
        await host.WaitForStatusAsync(id, JobStatus.Processing);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(30), cts.Token));
        // The caller's token ended the wait (not the 30 s timeout, which would be a TimeoutException), and the job still runs.
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(JobStatus.Processing, (await host.Client.GetJobAsync(id))!.Status);
        release.SetResult();
        Assert.Equal("1", (await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(10))).ResultJson);
    }

    [Fact]
    public async Task A_job_scheduled_for_the_past_runs_at_once()
    {
        // Maintenance (which promotes due scheduled jobs) runs every 30 s here, so a result within 5 s means the job
        // went straight to its queue instead of waiting in the schedule.
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("now", ctx => ValueTask.FromResult<string?>($"\"{ctx.Job.Id}\"")),
            o => o.MaintenanceInterval = TimeSpan.FromSeconds(30));
        var id = await host.Client.EnqueueAsync("now", "{}", new JobOptions { RunAt = DateTimeOffset.UtcNow.AddHours(-1) });
        var result = await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(5));
        Assert.Equal(JobStatus.Completed, result.Status);
        Assert.Equal($"\"{id}\"", result.ResultJson);
    }

    [Fact]
    public async Task A_cancelled_scheduled_job_never_runs_and_its_waiter_learns_why()
    {
        var runs = 0;
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("later", _ => { Interlocked.Increment(ref runs); return ValueTask.FromResult<string?>(null); }));
        var id = await host.Client.EnqueueAsync("later", "{}", new JobOptions { Delay = TimeSpan.FromMilliseconds(300) });
        var waiter = host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(10));
        Assert.Equal(CancelOutcome.Cancelled, await host.Client.CancelAsync(id));
        var ex = await Assert.ThrowsAsync<JobFailedException>(() => waiter);
        Assert.Equal($"Job {id} failed: JobCancelled: cancelled before it ran", ex.Message);
        Assert.Equal("JobCancelled", ex.ErrorType);
        Assert.Equal("cancelled before it ran", ex.Error);
        await Task.Delay(700);
        Assert.Equal(0, runs);
        Assert.Equal(JobStatus.Failed, (await host.Engine.GetJobAsync(id))!.Status);
        Assert.Equal(CancelOutcome.AlreadyFinished, await host.Client.CancelAsync(id));
        Assert.Equal(CancelOutcome.NotFound, await host.Client.CancelAsync(JobId.New()));
    }

    [Fact]
    public async Task Typed_handles_wait_for_the_typed_result()
    {
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("answer", _ => ValueTask.FromResult<string?>("42")));
        var id = await host.Client.EnqueueAsync("answer", "{}");
        var handle = new JobHandle<int>(id, host.Client, json => int.Parse(json!));
        Assert.Equal(42, await handle.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(JobStatus.Completed, await handle.GetStatusAsync());
    }
}

public sealed class InMemoryResultBackendTests : ResultBackendTests
{
    protected override Task<IQueueEngine> CreateEngineAsync() => Task.FromResult<IQueueEngine>(new InMemoryQueueEngine());
}

public sealed class RedisResultBackendTests : ResultBackendTests
{
    protected override async Task<IQueueEngine> CreateEngineAsync()
    {
        var server = await RedisServer.GetAsync();
        return new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix() });
    }
}
