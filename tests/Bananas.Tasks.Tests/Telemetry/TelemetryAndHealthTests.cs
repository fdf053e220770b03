using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Telemetry;
using Bananas.Tasks.Tests.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Telemetry;

public class TelemetryAndHealthTests
{
    [Fact]
    public async Task Metrics_count_completed_and_failed_jobs_with_task_and_route_tags()
    {
        var measurements = new ConcurrentBag<(string Instrument, long Value, string? Task, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == BananasTelemetry.Name) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? task = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "bananas.task") task = tag.Value as string;
                if (tag.Key == "outcome") outcome = tag.Value as string;
            }
            measurements.Add((instrument.Name, value, task, outcome));
        });
        listener.Start();

        var taskName = "metric_" + Guid.NewGuid().ToString("N")[..8];
        await using var host = await WorkerHost.StartAsync(new InMemoryQueueEngine(), b => b.AddTask(taskName, ctx =>
            ctx.Payload.Contains("fail") ? throw new InvalidOperationException("no") : ValueTask.FromResult<string?>(null)));
        var ok = await host.Client.EnqueueAsync(taskName, "{}");
        var bad = await host.Client.EnqueueAsync(taskName, """{"fail":true}""", new JobOptions { MaxRetries = 0 });
        await host.WaitForStatusAsync(ok, JobStatus.Completed);
        await host.WaitForStatusAsync(bad, JobStatus.Failed);
        await Task.Delay(100);

        Assert.Equal(2, measurements.Where(m => m.Instrument == "bananas.jobs.enqueued" && m.Task == taskName).Sum(m => m.Value));
        Assert.Equal(1, measurements.Where(m => m.Instrument == "bananas.jobs.completed" && m.Task == taskName).Sum(m => m.Value));
        Assert.Equal(1, measurements.Where(m => m.Instrument == "bananas.jobs.failed" && m.Task == taskName && m.Outcome == "dead").Sum(m => m.Value));
    }

    [Fact]
    public async Task A_job_span_continues_the_trace_of_the_code_that_enqueued_it()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BananasTelemetry.Name || s.Name == "test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => spans.Add(a),
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("test");

        var taskName = "traced_" + Guid.NewGuid().ToString("N")[..8];
        await using var host = await WorkerHost.StartAsync(new InMemoryQueueEngine(), b => b.AddTask(taskName, _ => ValueTask.FromResult<string?>(null)));
        ActivityTraceId traceId;
        JobId id;
        using (var parent = source.StartActivity("enqueue")!)
        {
            traceId = parent.TraceId;
            id = await host.Client.EnqueueAsync(taskName, "{}");
        }
        await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        var span = Assert.Single(spans, s => s.OperationName == "bananas.job" && (string?)s.GetTagItem("bananas.task") == taskName);
        Assert.Equal(traceId, span.TraceId);
        Assert.Equal(id.Value, span.GetTagItem("bananas.job.id"));
    }

    [Fact]
    public async Task Health_check_reports_healthy_with_depths_then_degraded_over_the_dead_threshold()
    {
        var engine = new InMemoryQueueEngine();
        var client = new BananasClient(engine);
        await client.EnqueueAsync("waiting", "{}", new JobOptions { Route = "gpu" });
        var check = new BananasHealthCheck(engine, new BananasHealthCheckOptions { DeadJobsDegradedThreshold = 0 });
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("bananas", check, HealthStatus.Unhealthy, null) };

        var healthy = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(1L, healthy.Data["pending:gpu"]);

        var fetched = await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Parse("gpu"), 1)], 1, TimeSpan.FromSeconds(30), "w"));
        await engine.FailAsync(new JobFailure(fetched[0].Id, fetched[0].LeaseToken, "x", "X", true, DateTimeOffset.UtcNow, TimeSpan.Zero));
        var degraded = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("1 jobs are in the dead letter queue", degraded.Description);
    }

    [Fact]
    public async Task Health_check_reports_unhealthy_when_Redis_is_unreachable()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var check = new BananasHealthCheck(new RedisQueueEngine(connection), new BananasHealthCheckOptions { Timeout = TimeSpan.FromSeconds(1) });
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("bananas", check, HealthStatus.Unhealthy, null) };
        var result = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("redis queue engine", result.Description);
    }

    [Fact]
    public async Task Health_check_registers_through_AddHealthChecks()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBananas().UseInMemory();
        services.AddHealthChecks().AddBananas();
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries["bananas"].Status);
    }
}
