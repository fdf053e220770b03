using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Telemetry;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>
/// When Redis stays down past the time the worker keeps retrying to record an outcome (twice the lease), the outcome
/// is "not recorded": logged and counted as such (never as a retry or a completion), and the job comes back once its
/// lease has expired and Redis is up again.
/// </summary>
public sealed class UnrecordedOutcomeTests
{
    [Fact]
    public async Task Outcomes_not_recorded_while_Redis_is_down_past_the_give_up_time_are_logged_and_counted_as_unrecorded_and_the_jobs_are_recovered()
    {
        await using var redis = new RedisProcess();
        await redis.StartAsync();
        var configuration = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", redis.Port } },
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast, // calls fail at once while Redis is down instead of queueing
            ConnectTimeout = 1000,
            AsyncTimeout = 1000,
            SyncTimeout = 1000,
            ReconnectRetryPolicy = new LinearRetry(200),
        };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix() });

        var suffix = Guid.NewGuid().ToString("N")[..8];
        var failing = "unrecorded_fail_" + suffix;
        var completing = "unrecorded_ok_" + suffix;
        var measurements = new ConcurrentQueue<(string Instrument, string? Task, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == BananasTelemetry.Name) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? task = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "bananas.task") task = tag.Value as string;
                if (tag.Key == "outcome") outcome = tag.Value as string;
            }
            if (task == failing || task == completing) measurements.Enqueue((instrument.Name, task, outcome));
        });
        listener.Start();

        var runs = new ConcurrentDictionary<string, int>();
        var bothStarted = new CountdownEvent(2);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async ValueTask<string?> Run(TaskContext ctx, bool fail)
        {
            if (runs.AddOrUpdate(ctx.Job.Name, 1, (_, n) => n + 1) > 1) return null; // recovered: succeeds
            bothStarted.Signal();
            await release.Task;
            return fail ? throw new InvalidOperationException("handler failed while Redis was down") : "\"done\"";
        }

        var logs = new CapturingLoggerProvider();
        var leaseDuration = TimeSpan.FromMilliseconds(500); // the worker gives up recording after twice the lease: 1 s
        await using var host = await WorkerHost.StartAsync(engine, b => b
            .AddTask(failing, ctx => Run(ctx, fail: true))
            .AddTask(completing, ctx => Run(ctx, fail: false)), o =>
        {
            o.LeaseDuration = leaseDuration;
            o.Concurrency = 2;
        }, logs: logs);

        var failId = await host.Client.EnqueueAsync(failing, "{}", new JobOptions { MaxRetries = 3 });
        var okId = await host.Client.EnqueueAsync(completing, "{}", new JobOptions { MaxRetries = 3 });
        Assert.True(bothStarted.Wait(TimeSpan.FromSeconds(15)), "both jobs started");

        await redis.StopAsync();
        release.SetResult(); // both handlers finish now, with Redis down; it stays down well past the 1 s give-up

        var failOutcome = await FirstOutcomeAsync(measurements, failing);
        Assert.Equal(("bananas.jobs.failed", "unrecorded"), failOutcome);
        var okOutcome = await FirstOutcomeAsync(measurements, completing);
        Assert.Equal(("bananas.jobs.failed", "unrecorded"), okOutcome);
        Assert.DoesNotContain(measurements, m => m.Outcome == "retry" || m.Instrument == "bananas.jobs.completed");

        var lines = logs.Lines;
        Assert.DoesNotContain(lines, l => l.Message.Contains(failId.Value, StringComparison.Ordinal) && l.Message.Contains("will be retried", StringComparison.Ordinal));
        foreach (var (id, task, outcome) in new[] { (failId, failing, "failure"), (okId, completing, "completion") })
        {
            var line = Assert.Single(lines, l => l.Message.Contains(id.Value, StringComparison.Ordinal) && l.Message.Contains("was not recorded", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Error, line.Level);
            Assert.Equal(
                $"Job {id} ({task}): its {outcome} was not recorded: the queue engine stayed unreachable for {2 * leaseDuration.TotalMilliseconds:0} ms; " +
                "its lease will expire and the job will be recovered and run again",
                line.Message);
        }

        await redis.StartAsync(); // same port, same data (append-only file)
        await WaitForCompletedAsync(engine, failId);
        await WaitForCompletedAsync(engine, okId);
        Assert.Equal(2, runs[failing]);
        Assert.Equal(2, runs[completing]);
    }

    /// <summary>Waits for the job to complete, through the reconnect (calls fail fast until the client is connected again).</summary>
    private static async Task WaitForCompletedAsync(IQueueEngine engine, JobId id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JobRecord? job = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                job = await engine.GetJobAsync(id);
                if (job?.Status == JobStatus.Completed) return;
            }
            catch (RedisConnectionException)
            {
                // not reconnected yet
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Job {id} was not recovered and completed after Redis came back; last seen: {job?.Status.ToString() ?? "no record"} error={job?.Error}");
    }

    private static async Task<(string Instrument, string? Outcome)> FirstOutcomeAsync(ConcurrentQueue<(string Instrument, string? Task, string? Outcome)> measurements, string task)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var m in measurements)
                if (m.Task == task && m.Instrument is "bananas.jobs.failed" or "bananas.jobs.completed") return (m.Instrument, m.Outcome);
            await Task.Delay(20);
        }
        throw new TimeoutException($"No outcome was counted for {task} within 20 s (the worker neither counted a completion nor a failure).");
    }
}
