using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Progress (issue 14, part 2): a leased job's latest report is stored on the job, replacing the previous one, and pushed
/// to its subscribers; fenced by the lease token like ack and renew; kept after the job finishes.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task A_progress_report_of_a_held_lease_is_stored_on_the_job_and_the_latest_wins()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        var before = (await engine.GetJobAsync(job.Id))!;
        Assert.Null(before.Progress);
        Assert.Null(before.ProgressAt);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await engine.ReportProgressAsync(job.Id, fetched.LeaseToken, "{\"percent\":10}"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await engine.ReportProgressAsync(job.Id, fetched.LeaseToken, "{\"percent\":55,\"step\":\"résumé ✓\"}"));

        var reported = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal("{\"percent\":55,\"step\":\"résumé ✓\"}", reported.Progress);
        Assert.Equal(time.GetUtcNow(), reported.ProgressAt);
        Assert.Equal(JobStatus.Processing, reported.Status);
        Assert.Equal(before.UpdatedAt, reported.UpdatedAt); // a report is no state change
    }

    [Fact]
    public async Task A_progress_report_without_the_lease_changes_nothing()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        Assert.False(await engine.ReportProgressAsync(job.Id, "no-lease-yet", "1")); // pending: nobody holds a lease
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.True(await engine.ReportProgressAsync(job.Id, fetched.LeaseToken, "1"));

        Assert.False(await engine.ReportProgressAsync(job.Id, fetched.LeaseToken + "-stale", "2"));
        Assert.False(await engine.ReportProgressAsync(JobId.New(), fetched.LeaseToken, "2")); // no such job
        Assert.True(await AckAsync(engine, fetched));
        Assert.False(await engine.ReportProgressAsync(job.Id, fetched.LeaseToken, "3")); // finished: the lease is gone

        Assert.Equal("1", (await engine.GetJobAsync(job.Id))!.Progress);
    }

    [Fact]
    public async Task Progress_is_kept_after_completion_and_across_a_retry()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job(maxRetries: 1);
        await engine.EnqueueAsync(job);
        var first = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.True(await engine.ReportProgressAsync(job.Id, first.LeaseToken, "\"half way\""));
        var reportedAt = time.GetUtcNow();
        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(Failure(first, time.GetUtcNow())));

        time.Advance(TimeSpan.FromSeconds(1));
        await engine.PromoteDueAsync(10);
        var second = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal("\"half way\"", second.Job!.Progress); // the previous attempt's report until this one reports
        Assert.Equal(reportedAt, second.Job.ProgressAt);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await engine.ReportProgressAsync(job.Id, second.LeaseToken, "\"done\""));
        Assert.True(await AckAsync(engine, second, "42"));

        var done = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal("\"done\"", done.Progress);
        Assert.Equal(time.GetUtcNow(), done.ProgressAt);
    }

    [Fact]
    public async Task A_subscriber_gets_each_progress_report_of_its_job_only()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        var other = Job();
        await engine.EnqueueManyAsync([job, other]);
        var fetched = await engine.FetchAsync(Request("default"));
        var mine = fetched.Single(f => f.Id == job.Id);
        var theirs = fetched.Single(f => f.Id == other.Id);

        var received = new List<string>();
        var third = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var subscription = await engine.SubscribeProgressAsync(job.Id, json =>
        {
            lock (received)
            {
                received.Add(json);
                if (received.Count == 3) third.TrySetResult(true);
            }
        }))
        {
            Assert.True(await engine.ReportProgressAsync(other.Id, theirs.LeaseToken, "\"not mine\""));
            Assert.False(await engine.ReportProgressAsync(job.Id, "stale", "\"refused\""));
            foreach (var report in new[] { "1", "2", "{\"percent\":3}" })
                Assert.True(await engine.ReportProgressAsync(job.Id, mine.LeaseToken, report));
            await Within(third.Task, "three progress reports");
        }
        lock (received) Assert.Equal(["1", "2", "{\"percent\":3}"], received.Order(StringComparer.Ordinal));

        Assert.True(await engine.ReportProgressAsync(job.Id, mine.LeaseToken, "4")); // after the dispose
        await Task.Delay(100);
        lock (received) Assert.Equal(3, received.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{\"open\":")]
    public async Task A_progress_report_that_is_not_json_text_is_refused_before_it_is_sent(string text)
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => engine.ReportProgressAsync(job.Id, fetched.LeaseToken, text));
        Assert.Equal("progressJson", error.ParamName);
        Assert.Contains("not JSON text", error.Message);
        Assert.Null((await engine.GetJobAsync(job.Id))!.Progress);
    }

    [Fact]
    public async Task A_progress_report_over_4_KiB_is_refused_and_one_of_exactly_4_KiB_is_stored()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        var exact = "\"" + new string('x', ProgressRules.MaxBytes - 2) + "\"";

        Assert.True(await engine.ReportProgressAsync(job.Id, fetched.LeaseToken, exact));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => engine.ReportProgressAsync(job.Id, fetched.LeaseToken, "\"é" + new string('x', ProgressRules.MaxBytes - 3) + "\""));
        Assert.Contains("4097 bytes, over the 4096-byte limit", error.Message);
        Assert.Equal(exact, (await engine.GetJobAsync(job.Id))!.Progress);
    }
}
