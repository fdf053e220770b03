using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    /// <summary>Fails the job's current attempt (a retry), promotes it and fetches it again.</summary>
    private static async Task<FetchedJob> FailAndRefetchAsync(IQueueEngine engine, Microsoft.Extensions.Time.Testing.FakeTimeProvider time, FetchedJob fetched, int n)
    {
        var failure = new JobFailure(fetched.Id, fetched.LeaseToken, $"boom {n}", "System.InvalidOperationException", false, time.GetUtcNow().AddSeconds(1), TimeSpan.FromMilliseconds(3));
        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(failure));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await engine.PromoteDueAsync(10));
        return Assert.Single(await engine.FetchAsync(Request("default")));
    }

    [Fact]
    public async Task A_job_that_completes_after_a_failed_attempt_no_longer_presents_the_old_error_as_its_state()
    {
        var (engine, time) = await NewEngineAsync();
        var job = Job(maxRetries: 3);
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        fetched = await FailAndRefetchAsync(engine, time, fetched, 1);
        Assert.Equal("boom 1", fetched.Job!.Error);

        Assert.True(await AckAsync(engine, fetched, "1"));

        var done = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Null(done.Error);
        Assert.Null(done.ErrorType);
    }

    [Fact]
    public async Task A_completed_job_keeps_the_history_of_its_failed_attempts_bounded_to_the_last_ten()
    {
        var (engine, time) = await NewEngineAsync();
        var job = Job(maxRetries: 20);
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        for (int n = 1; n <= 12; n++) fetched = await FailAndRefetchAsync(engine, time, fetched, n);
        Assert.Equal(13, fetched.Job!.Attempts);
        Assert.True(await AckAsync(engine, fetched, "1"));

        var done = (await engine.GetJobAsync(job.Id))!;
        Assert.Null(done.Error);
        Assert.Equal(JobError.MaxKept, done.ErrorHistory.Count);
        Assert.Equal(Enumerable.Range(3, 10), done.ErrorHistory.Select(e => e.Attempt));
        Assert.Equal(Enumerable.Range(3, 10).Select(n => $"boom {n}"), done.ErrorHistory.Select(e => e.Error));
        Assert.All(done.ErrorHistory, e => Assert.Equal("System.InvalidOperationException", e.ErrorType));
        Assert.True(done.ErrorHistory[^1].At > done.ErrorHistory[0].At);
    }

    [Fact]
    public async Task An_error_message_past_the_kept_length_is_cut_in_the_history_but_kept_whole_as_the_current_error()
    {
        var (engine, time) = await NewEngineAsync();
        var job = Job(maxRetries: 3);
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        var message = string.Concat(Enumerable.Repeat("é", 1200)); // 2 bytes each in UTF-8
        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(new JobFailure(job.Id, fetched.LeaseToken, message, "X", false, time.GetUtcNow(), TimeSpan.Zero)));

        var failed = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(message, failed.Error);
        var kept = Assert.Single(failed.ErrorHistory).Error;
        Assert.True(kept.Length is > 0 and <= JobError.MaxMessageLength, $"kept {kept.Length} characters");
        Assert.StartsWith(kept, message);
    }
}
