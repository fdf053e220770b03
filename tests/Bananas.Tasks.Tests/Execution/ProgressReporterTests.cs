using Bananas.Tasks.Engine;
using Bananas.Tasks.Execution;
using Bananas.Tasks.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bananas.Tasks.Tests.Execution;

/// <summary>The worker's progress writer on a fake clock: one write per interval, the latest report wins, the flush stores the last.</summary>
public sealed class ProgressReporterTests
{
    private static async Task<(InMemoryQueueEngine Engine, FakeTimeProvider Time, FetchedJob Job, List<string> Stored)> LeasedJobAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var engine = new InMemoryQueueEngine(new QueueEngineOptions { TimeProvider = time });
        var job = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" };
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromMinutes(1), "w")));
        var stored = new List<string>();
        await engine.SubscribeProgressAsync(job.Id, json => { lock (stored) stored.Add(json); });
        return (engine, time, fetched, stored);
    }

    private static async Task SettleAsync(Func<bool> done)
    {
        for (int i = 0; i < 200 && !done(); i++) await Task.Delay(10);
        Assert.True(done());
    }

    [Fact]
    public async Task The_first_report_is_written_at_once_and_those_within_the_interval_collapse_into_the_latest()
    {
        var (engine, time, job, stored) = await LeasedJobAsync();
        var reporter = new ProgressReporter(engine, job.Lease, time, NullLogger.Instance);

        reporter.Report("1");
        await SettleAsync(() => { lock (stored) return stored.Count == 1; });
        reporter.Report("2");
        reporter.Report("3");
        await Task.Delay(100);
        lock (stored) Assert.Equal(["1"], stored); // the fake clock has not moved: "2" and "3" wait

        time.Advance(ProgressReporter.Interval);
        await SettleAsync(() => { lock (stored) return stored.Count == 2; });
        lock (stored) Assert.Equal(["1", "3"], stored);
        Assert.Equal("3", (await engine.GetJobAsync(job.Id))!.Progress);
        // the count goes up when the write returns, which is after the engine told the subscriber
        await SettleAsync(() => reporter.Writes == 2);
    }

    [Fact]
    public async Task The_flush_stores_the_waiting_report_and_later_reports_are_dropped()
    {
        var (engine, time, job, stored) = await LeasedJobAsync();
        var reporter = new ProgressReporter(engine, job.Lease, time, NullLogger.Instance);
        reporter.Report("1");
        await SettleAsync(() => { lock (stored) return stored.Count == 1; });
        reporter.Report("2");

        await reporter.FlushAsync(); // no clock advance: the flush does not wait for the interval

        lock (stored) Assert.Equal(["1", "2"], stored);
        reporter.Report("3");
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.Equal("2", (await engine.GetJobAsync(job.Id))!.Progress);
    }

    [Fact]
    public async Task After_the_lease_is_lost_nothing_more_is_written_and_nothing_throws()
    {
        var (engine, time, job, stored) = await LeasedJobAsync();
        var reporter = new ProgressReporter(engine, new LeaseRef(job.Id, "not-the-token"), time, NullLogger.Instance);
        reporter.Report("1");
        await Task.Delay(100);
        time.Advance(TimeSpan.FromSeconds(1));
        reporter.Report("2");
        await reporter.FlushAsync();

        Assert.Equal(0, reporter.Writes);
        lock (stored) Assert.Empty(stored);
        Assert.Null((await engine.GetJobAsync(job.Id))!.Progress);
    }

    [Fact]
    public void A_context_built_outside_a_worker_keeps_the_last_report_only()
    {
        var context = new TaskContext(new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" }, Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(new Microsoft.Extensions.DependencyInjection.ServiceCollection()), CancellationToken.None);
        var progress = context.CreateProgress(Bananas.Tasks.Tests.Worker.ProgressJsonContext.Default.Int32);
        progress.Report(7);
        Assert.Equal(7, progress.Last);
    }
}
