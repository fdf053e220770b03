using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The admin API (IBananasAdmin over IQueueEngineAdmin), the same on both engines.</summary>
public abstract partial class QueueEngineConformanceTests
{
    private static BananasAdmin Admin(IQueueEngine engine) => new(engine);

    /// <summary>Enqueues a job on its own route and dead-letters it (permanent failure); returns it.</summary>
    private static async Task<JobRecord> DeadAsync(IQueueEngine engine, Microsoft.Extensions.Time.Testing.FakeTimeProvider time, string route = "default", string name = "work")
    {
        var job = Job(route: route, name: name, maxRetries: 0);
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request(route, maxJobs: 1)));
        Assert.Equal(job.Id, fetched.Id);
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(fetched, time.GetUtcNow(), permanent: true)));
        time.Advance(TimeSpan.FromSeconds(1));
        return job;
    }

    private static async Task<List<JobListItem>> AllPagesAsync(IBananasAdmin admin, JobListQuery query, List<int>? pageSizes = null)
    {
        var all = new List<JobListItem>();
        string? cursor = null;
        for (int guard = 0; guard < 1000; guard++)
        {
            var page = await admin.ListJobsAsync(query with { Cursor = cursor });
            all.AddRange(page.Jobs);
            pageSizes?.Add(page.Jobs.Count);
            cursor = page.NextCursor;
            if (cursor is null) return all;
        }
        throw new InvalidOperationException("the listing never ended");
    }

    [Fact]
    public async Task Admin_pending_lists_each_route_and_priority_in_fetch_order_across_pages()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var a = Enumerable.Range(0, 3).Select(_ => Job(route: "alpha", priority: Priority.Low)).ToList();
        var b = Enumerable.Range(0, 4).Select(_ => Job(route: "alpha", priority: Priority.High)).ToList();
        var c = Enumerable.Range(0, 5).Select(_ => Job(route: "beta")).ToList();
        await engine.EnqueueManyAsync([.. a, .. c, .. b]);

        var sizes = new List<int>();
        var listed = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Pending, Limit = 5 }, sizes);

        // routes in ordinal order, high before normal before low, FIFO (the next job a worker takes first)
        Assert.Equal(b.Concat(a).Concat(c).Select(j => j.Id), listed.Select(i => i.Job.Id));
        Assert.Equal([5, 5, 2], sizes);
        Assert.All(listed, i => Assert.Equal(JobStatus.Pending, i.Job.Status));

        var alphaLow = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Route = "alpha", Priority = Priority.Low });
        Assert.Equal(a.Select(j => j.Id), alphaLow.Jobs.Select(i => i.Job.Id));
        Assert.Null(alphaLow.NextCursor);

        // fetch order is listing order
        var fetched = await engine.FetchAsync(Request("alpha,beta", maxJobs: 100));
        Assert.Equal(listed.Select(i => i.Job.Id), fetched.Select(f => f.Id));
        var empty = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending });
        Assert.Empty(empty.Jobs);
        Assert.Null(empty.NextCursor);
    }

    [Fact]
    public async Task Admin_scheduled_lists_by_due_time_and_processing_shows_worker_and_lease_deadline()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var late = Job(scheduledFor: Start.AddMinutes(30));
        var soon = Job(scheduledFor: Start.AddMinutes(5), name: "report");
        var mid = Job(scheduledFor: Start.AddMinutes(10));
        await engine.EnqueueManyAsync([late, soon, mid]);

        var scheduled = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Scheduled, Limit = 2 });
        Assert.Equal([soon.Id, mid.Id], scheduled.Jobs.Select(i => i.Job.Id));
        Assert.Equal(Start.AddMinutes(5), scheduled.Jobs[0].DueAt);
        var rest = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Scheduled, Limit = 2, Cursor = scheduled.NextCursor });
        Assert.Equal([late.Id], rest.Jobs.Select(i => i.Job.Id));
        Assert.Null(rest.NextCursor);
        var reports = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Scheduled, TaskName = "report" });
        Assert.Equal([soon.Id], reports.Jobs.Select(i => i.Job.Id));

        var first = Job();
        var second = Job();
        await engine.EnqueueManyAsync([first, second]);
        await engine.FetchAsync(Request("default", maxJobs: 1, worker: "w-a", lease: TimeSpan.FromSeconds(60)));
        time.Advance(TimeSpan.FromSeconds(1));
        await engine.FetchAsync(Request("default", maxJobs: 1, worker: "w-b", lease: TimeSpan.FromSeconds(10)));

        var processing = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Processing });
        Assert.Equal([second.Id, first.Id], processing.Jobs.Select(i => i.Job.Id)); // earliest deadline first
        Assert.Equal("w-b", processing.Jobs[0].Job.WorkerId);
        Assert.Equal(Start.AddSeconds(11), processing.Jobs[0].LeaseDeadline);
        Assert.Equal("w-a", processing.Jobs[1].Job.WorkerId);
        Assert.Equal(Start.AddSeconds(60), processing.Jobs[1].LeaseDeadline);

        var details = (await admin.GetJobAsync(first.Id))!;
        Assert.Equal(JobStatus.Processing, details.Status);
        Assert.Equal(Start.AddSeconds(60), details.LeaseDeadline);
        Assert.Null(details.Result);
        Assert.Equal(JobStatus.Scheduled, await admin.GetStatusAsync(late.Id));
        Assert.Null(await admin.GetJobAsync(JobId.New()));
        Assert.Null(await admin.GetStatusAsync(JobId.New()));
    }

    [Fact]
    public async Task Admin_a_listed_record_is_the_record_get_job_reads_in_every_field()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        JobRecord Full(string route, int maxRetries = 3, DateTimeOffset? scheduledFor = null) => Job(route: route, maxRetries: maxRetries, scheduledFor: scheduledFor, payload: "{\"n\":1}") with
        {
            Priority = Priority.High,
            Description = "nightly report",
            Timeout = TimeSpan.FromSeconds(90),
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
        var scheduled = Full("sched", scheduledFor: Start.AddMinutes(5));
        var pending = Full("pend");
        var processing = Full("proc");
        var dead = Full("gone", maxRetries: 1);
        await engine.EnqueueManyAsync([scheduled, pending, processing, dead]);
        await engine.FetchAsync(Request("proc", maxJobs: 1, worker: "w-1"));
        var attempt = Assert.Single(await engine.FetchAsync(Request("gone", maxJobs: 1)));
        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(Failure(attempt, time.GetUtcNow())));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await engine.PromoteDueAsync(10)); // the retry (the scheduled job is due in 5 minutes)
        attempt = Assert.Single(await engine.FetchAsync(Request("gone", maxJobs: 1)));
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(attempt, time.GetUtcNow(), permanent: true)));

        foreach (var (state, job) in new[] { (JobListState.Scheduled, scheduled), (JobListState.Pending, pending), (JobListState.Processing, processing), (JobListState.Dead, dead) })
        {
            var listed = Assert.Single((await admin.ListJobsAsync(new JobListQuery { State = state, Route = job.RoutingKey })).Jobs).Job;
            var read = (await admin.GetJobAsync(job.Id))!.Job;
            Assert.Equal(read with { ErrorHistory = NoHistory }, listed with { ErrorHistory = NoHistory });
            Assert.Equal(read.ErrorHistory, listed.ErrorHistory);
            Assert.Equal((job.Description, job.Timeout, job.TraceParent, job.Payload), (listed.Description, listed.Timeout, listed.TraceParent, listed.Payload));
        }
        var deadRecord = Assert.Single((await admin.ListJobsAsync(new JobListQuery { State = JobListState.Dead, Route = "gone" })).Jobs).Job;
        Assert.Equal(2, deadRecord.ErrorHistory.Count);
        Assert.NotNull(deadRecord.StartedAt);
        Assert.NotNull(deadRecord.CompletedAt);
        Assert.Equal("w-1", Assert.Single((await admin.ListJobsAsync(new JobListQuery { State = JobListState.Processing })).Jobs).Job.WorkerId);
        Assert.Equal(Start.AddMinutes(5), Assert.Single((await admin.ListJobsAsync(new JobListQuery { State = JobListState.Scheduled })).Jobs).Job.ScheduledFor);
    }

    private static readonly JobError[] NoHistory = [];

    [Fact]
    public async Task Admin_dead_lists_newest_first_overall_and_per_route()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var d1 = await DeadAsync(engine, time, "alpha");
        var d2 = await DeadAsync(engine, time, "beta");
        var d3 = await DeadAsync(engine, time, "alpha", name: "other");
        var d4 = await DeadAsync(engine, time, "alpha");

        var all = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Dead, Limit = 3 });
        Assert.Equal([d4.Id, d3.Id, d2.Id, d1.Id], all.Select(i => i.Job.Id));
        Assert.Equal(Start.AddSeconds(3), all[0].FinishedAt);
        var alpha = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Dead, Route = "alpha", Limit = 2 });
        Assert.Equal([d4.Id, d3.Id, d1.Id], alpha.Select(i => i.Job.Id));
        var alphaWork = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Dead, Route = "alpha", TaskName = "work" });
        Assert.Equal([d4.Id, d1.Id], alphaWork.Select(i => i.Job.Id));

        var overview = await admin.GetOverviewAsync();
        Assert.Equal(4, overview.Dead);
        Assert.Equal(3, overview.Routes.Single(r => r.Route == "alpha").Dead);
        Assert.Equal(1, overview.Routes.Single(r => r.Route == "beta").Dead);

        // single requeue and delete leave the per-route index too
        Assert.True(await admin.RequeueDeadAsync(d3.Id));
        Assert.True(await admin.DeleteDeadAsync(d1.Id));
        Assert.False(await admin.DeleteDeadAsync(d1.Id));
        var left = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Dead, Route = "alpha" });
        Assert.Equal([d4.Id], left.Select(i => i.Job.Id));
        Assert.Equal(1, (await admin.GetOverviewAsync()).Routes.Single(r => r.Route == "alpha").Dead);
        Assert.Equal(JobStatus.Pending, await admin.GetStatusAsync(d3.Id));
        Assert.Null(await admin.GetStatusAsync(d1.Id));
    }

    [Fact]
    public async Task Admin_recently_completed_and_failed_list_newest_first()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var jobs = Enumerable.Range(0, 3).Select(i => Job(name: i == 1 ? "special" : "work")).ToList();
        await engine.EnqueueManyAsync(jobs);
        foreach (var job in jobs)
        {
            var f = Assert.Single(await engine.FetchAsync(Request("default", maxJobs: 1)));
            Assert.True(await AckAsync(engine, f, result: "42"));
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var dead = await DeadAsync(engine, time);
        var cancelled = Job(scheduledFor: Start.AddHours(1));
        await engine.EnqueueAsync(cancelled);
        Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync(cancelled.Id));

        var completed = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Completed, Limit = 2 });
        Assert.Equal(jobs.Select(j => j.Id).Reverse(), completed.Select(i => i.Job.Id));
        Assert.Equal(Start.AddSeconds(2), completed[0].FinishedAt);
        Assert.All(completed, i => Assert.Equal(JobStatus.Completed, i.Job.Status));
        var special = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Completed, TaskName = "special" });
        Assert.Equal([jobs[1].Id], special.Select(i => i.Job.Id));

        var failed = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Failed });
        Assert.Equal([cancelled.Id, dead.Id], failed.Select(i => i.Job.Id));
        var details = (await admin.GetJobAsync(jobs[0].Id))!;
        Assert.Equal("42", details.Result!.ResultJson);
        Assert.Equal("42", (await admin.GetResultAsync(jobs[0].Id))!.ResultJson);

        // a requeued dead job leaves the recently failed index
        Assert.True(await admin.RequeueDeadAsync(dead.Id));
        Assert.Equal([cancelled.Id], (await AllPagesAsync(admin, new JobListQuery { State = JobListState.Failed })).Select(i => i.Job.Id));

        // entries older than the result TTL (24 h) are trimmed with the next write, and their records expired
        time.Advance(TimeSpan.FromHours(25));
        var fresh = Job();
        await engine.EnqueueAsync(fresh);
        var fetched = await engine.FetchAsync(Request("default", maxJobs: 10));
        foreach (var f in fetched) await AckAsync(engine, f);
        var recent = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Completed });
        Assert.Equal(fetched.Select(f => f.Id.Value).Order(), recent.Select(i => i.Job.Id.Value).Order());
    }

    [Fact]
    public async Task Admin_recently_completed_keeps_at_most_ten_thousand_entries()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        const int total = 10_050;
        await engine.EnqueueManyAsync(Enumerable.Range(0, total).Select(_ => Job()).ToList());
        for (int done = 0; done < total;)
        {
            var batch = await engine.FetchAsync(Request("default", maxJobs: 1000));
            Assert.All(await engine.AckAsync(batch.Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList()), Assert.True);
            done += batch.Count;
        }
        var listed = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Completed, Limit = 1000 });
        Assert.Equal(10_000, listed.Count);
        Assert.Equal(10_000, listed.Select(i => i.Job.Id).Distinct().Count());
    }

    [Fact]
    public async Task Admin_task_filter_examines_a_bounded_number_of_entries_per_call_and_continues()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var jobs = Enumerable.Range(0, 30).Select(i => Job(name: i % 10 == 9 ? "rare" : "common")).ToList();
        await engine.EnqueueManyAsync(jobs);

        var query = new JobListQuery { State = JobListState.Pending, TaskName = "rare", Limit = 50, ScanLimit = 7 };
        var first = await admin.ListJobsAsync(query);
        Assert.Equal(7, first.Scanned);
        Assert.Empty(first.Jobs);
        Assert.NotNull(first.NextCursor);

        var sizes = new List<int>();
        var all = await AllPagesAsync(admin, query, sizes);
        Assert.Equal([jobs[9].Id, jobs[19].Id, jobs[29].Id], all.Select(i => i.Job.Id));
        Assert.Equal(5, sizes.Count); // 30 entries, 7 per call

        // the page limit still applies, and the cursor resumes right after the last job returned
        var one = await admin.ListJobsAsync(query with { Limit = 1, ScanLimit = 1000 });
        Assert.Equal([jobs[9].Id], one.Jobs.Select(i => i.Job.Id));
        Assert.Equal(10, one.Scanned);
        var two = await admin.ListJobsAsync(query with { Limit = 1, ScanLimit = 1000, Cursor = one.NextCursor });
        Assert.Equal([jobs[19].Id], two.Jobs.Select(i => i.Job.Id));

        // a route filter over a global index scans the same way
        var scheduled = Enumerable.Range(0, 6).Select(i => Job(route: i == 4 ? "gpu" : "default", scheduledFor: Start.AddMinutes(i + 1))).ToList();
        await engine.EnqueueManyAsync(scheduled);
        var gpu = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Scheduled, Route = "gpu", ScanLimit = 2 });
        Assert.Equal([scheduled[4].Id], gpu.Select(i => i.Job.Id));
    }

    [Fact]
    public async Task Admin_text_filter_matches_id_or_name_ignoring_case_in_bounded_calls_and_continues()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var jobs = Enumerable.Range(0, 30).Select(i => Job(name: i % 10 == 3 ? "send_invoice" : "resize")).ToList();
        await engine.EnqueueManyAsync(jobs);

        // name, any case: a bounded number of entries per call, continued by the cursor in fetch order
        var query = new JobListQuery { State = JobListState.Pending, Text = "INVOICE", Limit = 50, ScanLimit = 7 };
        var first = await admin.ListJobsAsync(query);
        Assert.Equal(7, first.Scanned);
        Assert.Equal([jobs[3].Id], first.Jobs.Select(i => i.Job.Id));
        Assert.NotNull(first.NextCursor);
        var sizes = new List<int>();
        var all = await AllPagesAsync(admin, query, sizes);
        Assert.Equal([jobs[3].Id, jobs[13].Id, jobs[23].Id], all.Select(i => i.Job.Id));
        Assert.Equal(5, sizes.Count);

        // the page limit holds and the next page starts right after the last job returned
        var one = await admin.ListJobsAsync(query with { Limit = 1, ScanLimit = 1000 });
        Assert.Equal([jobs[3].Id], one.Jobs.Select(i => i.Job.Id));
        Assert.Equal(4, one.Scanned);
        var two = await admin.ListJobsAsync(query with { Limit = 1, ScanLimit = 1000, Cursor = one.NextCursor });
        Assert.Equal([jobs[13].Id], two.Jobs.Select(i => i.Job.Id));

        // a part of an id finds that job; combined with the task filter both must hold
        var target = jobs[17];
        var byId = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Pending, Text = target.Id.Value[^12..].ToUpperInvariant() });
        Assert.Equal([target.Id], byId.Select(i => i.Job.Id));
        Assert.Empty(await AllPagesAsync(admin, new JobListQuery { State = JobListState.Pending, Text = target.Id.Value, TaskName = "send_invoice" }));

        // dead jobs too (the dashboard's search box on the dead letter page)
        var dead = await DeadAsync(engine, time, route: "billing", name: "send_invoice");
        var deadHits = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Dead, Text = "voice" });
        Assert.Equal([dead.Id], deadHits.Select(i => i.Job.Id));

        var blank = await Assert.ThrowsAsync<ArgumentException>(() => admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Text = "  " }));
        Assert.Contains("JobListQuery.Text", blank.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Text = new string('x', JobListQuery.MaxTextLength + 1) }));
    }

    [Fact]
    public async Task Admin_cancel_removes_a_pending_job_and_reports_finished_and_unknown_jobs()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var job = Job(route: "mail");
        await engine.EnqueueAsync(job);

        Assert.Equal(CancelOutcome.Cancelled, await admin.CancelAsync(job.Id));
        Assert.Equal(JobStatus.Failed, await admin.GetStatusAsync(job.Id));
        Assert.Empty((await admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Route = "mail" })).Jobs);
        Assert.Equal(CancelOutcome.AlreadyFinished, await admin.CancelAsync(job.Id));
        Assert.Equal(CancelOutcome.NotFound, await admin.CancelAsync(JobId.New()));
        await Assert.ThrowsAsync<ArgumentException>(() => admin.CancelAsync(default));
    }

    [Fact]
    public async Task Admin_refuses_bad_limits_and_cursors_of_other_listings()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        await engine.EnqueueManyAsync([Job(), Job(), Job()]);
        var page = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Limit = 1 });
        Assert.NotNull(page.NextCursor);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Limit = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Limit = 1001 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => admin.ListJobsAsync(new JobListQuery { State = JobListState.Dead, ScanLimit = 10_001 }));
        var other = await Assert.ThrowsAsync<ArgumentException>(() => admin.ListJobsAsync(new JobListQuery { State = JobListState.Dead, Cursor = page.NextCursor }));
        Assert.Contains("another listing", other.Message);
        var junk = await Assert.ThrowsAsync<ArgumentException>(() => admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Cursor = "not a cursor!" }));
        Assert.Contains("not a cursor", junk.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => admin.RequeueDeadAsync(DeadLetterSelection.All, maxJobs: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => admin.GetThroughputAsync(days: 91));
    }

    [Fact]
    public async Task Admin_dead_letter_batches_are_bounded_and_select_by_route_and_task()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var alpha = new List<JobRecord>();
        for (int i = 0; i < 5; i++) alpha.Add(await DeadAsync(engine, time, "alpha", name: i % 2 == 0 ? "even" : "odd"));
        var beta = new List<JobRecord>();
        for (int i = 0; i < 3; i++) beta.Add(await DeadAsync(engine, time, "beta"));

        // by route, 2 per call, oldest first
        var r1 = await admin.RequeueDeadAsync(new DeadLetterSelection { Route = "beta" }, maxJobs: 2);
        Assert.Equal(2, r1.Done);
        Assert.True(r1.MoreRemain);
        Assert.Equal(JobStatus.Pending, await admin.GetStatusAsync(beta[0].Id));
        Assert.Equal(JobStatus.Pending, await admin.GetStatusAsync(beta[1].Id));
        Assert.Equal(JobStatus.Failed, await admin.GetStatusAsync(beta[2].Id));
        var r2 = await admin.RequeueDeadAsync(new DeadLetterSelection { Route = "beta" }, maxJobs: 2, cursor: r1.Cursor);
        Assert.Equal(1, r2.Done);
        Assert.False(r2.MoreRemain);
        Assert.Null(r2.Cursor);
        var requeued = (await engine.GetJobAsync(beta[2].Id))!;
        Assert.Equal(0, requeued.Attempts);
        Assert.Null(await engine.GetResultAsync(beta[2].Id));
        Assert.Equal(3, (await admin.GetOverviewAsync()).Routes.Single(r => r.Route == "beta").Normal);

        // by task name: a bounded scan that keeps what does not match and continues after it
        var sel = new DeadLetterSelection { TaskName = "even" };
        var deleted = new List<int>();
        DeadLetterBatchResult batch = new() { MoreRemain = true };
        string? cursor = null;
        while (batch.MoreRemain)
        {
            batch = await admin.DeleteDeadAsync(sel, maxJobs: 2, cursor: cursor);
            Assert.True(batch.Scanned <= 2);
            deleted.Add(batch.Done);
            cursor = batch.Cursor;
        }
        Assert.Equal(3, deleted.Sum());
        Assert.Null(await engine.GetJobAsync(alpha[0].Id));
        Assert.Null(await engine.GetJobAsync(alpha[2].Id));
        Assert.Null(await engine.GetJobAsync(alpha[4].Id));
        var left = await AllPagesAsync(admin, new JobListQuery { State = JobListState.Dead });
        Assert.Equal([alpha[3].Id, alpha[1].Id], left.Select(i => i.Job.Id));

        // all, then nothing left
        var rest = await admin.RequeueDeadAsync(DeadLetterSelection.All);
        Assert.Equal(2, rest.Done);
        Assert.False(rest.MoreRemain);
        var overview = await admin.GetOverviewAsync();
        Assert.Equal(0, overview.Dead);
        Assert.All(overview.Routes, r => Assert.Equal(0, r.Dead));
        Assert.Equal(0, (await admin.DeleteDeadAsync(DeadLetterSelection.All)).Done);
        var other = await Assert.ThrowsAsync<ArgumentException>(() => admin.DeleteDeadAsync(DeadLetterSelection.All, cursor: r1.Cursor));
        Assert.Contains("another listing", other.Message);
    }

    [Fact]
    public async Task Admin_a_paused_route_is_skipped_by_fetch_and_still_takes_jobs()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var gpu = Job(route: "gpu");
        var mail = Job(route: "mail");
        await engine.EnqueueManyAsync([gpu, mail]);

        Assert.True(await admin.PauseRouteAsync("gpu"));
        Assert.False(await admin.PauseRouteAsync("gpu"));
        Assert.True(await admin.PauseRouteAsync("idle")); // a route without jobs can be paused too
        var late = Job(route: "gpu");
        await engine.EnqueueAsync(late);

        Assert.Equal([mail.Id], (await engine.FetchAsync(Request("gpu,mail"))).Select(f => f.Id));
        Assert.Empty(await engine.FetchAsync(Request("gpu")));
        Assert.Equal(["gpu", "idle"], (await admin.GetPausedRoutesAsync()).Select(r => r.Value));
        var overview = await admin.GetOverviewAsync();
        Assert.Equal(["gpu", "idle", "mail"], overview.Routes.Select(r => r.Route.Value));
        Assert.True(overview.Routes[0].Paused);
        Assert.Equal(2, overview.Routes[0].Normal);
        Assert.False(overview.Routes[2].Paused);
        Assert.Equal(["gpu", "idle"], overview.PausedRoutes.Select(r => r.Value));
        Assert.Equal(1, overview.Processing);

        var woken = new TaskCompletionSource<RoutingKey?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (await engine.SubscribeWakeUpAsync([RoutingKey.Parse("gpu")], r => { if (r is not null) woken.TrySetResult(r); }))
        {
            Assert.True(await admin.ResumeRouteAsync("gpu"));
            Assert.Equal(RoutingKey.Parse("gpu"), await Within(woken.Task, "the wake-up of a resumed route"));
        }
        Assert.False(await admin.ResumeRouteAsync("gpu"));
        Assert.Equal([gpu.Id, late.Id], (await engine.FetchAsync(Request("gpu"))).Select(f => f.Id));
        Assert.Equal(["idle"], (await admin.GetPausedRoutesAsync()).Select(r => r.Value));
    }

    [Fact]
    public async Task Admin_workers_appear_with_their_heartbeat_and_disappear_after_their_ttl_or_removal()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var engineAdmin = (IQueueEngineAdmin)engine;
        WorkerInfo Info(string id, int inFlight) => new()
        {
            Id = id, Host = "host-1", ProcessId = 4242, Routes = [RoutingKey.Parse("gpu"), RoutingKey.Default], Concurrency = 8, InFlight = inFlight, StartedAt = Start,
        };
        await engineAdmin.RecordWorkerHeartbeatAsync(new WorkerHeartbeat(Info("w-1", 3), TimeSpan.FromSeconds(30), []));
        time.Advance(TimeSpan.FromSeconds(5));
        await engineAdmin.RecordWorkerHeartbeatAsync(new WorkerHeartbeat(Info("w-2", 0), TimeSpan.FromSeconds(30), []));

        var workers = await admin.ListWorkersAsync();
        Assert.Equal(["w-2", "w-1"], workers.Select(w => w.Id));
        var w1 = workers[1];
        Assert.Equal("host-1", w1.Host);
        Assert.Equal(4242, w1.ProcessId);
        Assert.Equal(["gpu", "default"], w1.Routes.Select(r => r.Value));
        Assert.Equal(8, w1.Concurrency);
        Assert.Equal(3, w1.InFlight);
        Assert.Equal(Start, w1.StartedAt);
        Assert.Equal(Start, w1.LastHeartbeat);
        Assert.Equal(Start.AddSeconds(5), workers[0].LastHeartbeat);

        time.Advance(TimeSpan.FromSeconds(26)); // w-1 last beat 31 s ago: gone; w-2 26 s ago: still there
        Assert.Equal(["w-2"], (await admin.ListWorkersAsync()).Select(w => w.Id));
        await engineAdmin.RemoveWorkerAsync("w-2", []);
        Assert.Empty(await admin.ListWorkersAsync());
    }

    [Fact]
    public async Task Admin_throughput_counts_per_minute_for_an_hour_and_per_day()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = Admin(engine);
        var engineAdmin = (IQueueEngineAdmin)engine;
        await engine.EnqueueManyAsync([Job(route: "gpu"), Job(route: "mail")]); // the routes exist
        var worker = new WorkerInfo { Id = "w", StartedAt = Start };
        time.Advance(TimeSpan.FromMinutes(30)); // 12:30
        var now = time.GetUtcNow();
        await engineAdmin.RecordWorkerHeartbeatAsync(new WorkerHeartbeat(worker, TimeSpan.FromSeconds(30),
        [
            new ThroughputIncrement("gpu", now.AddMinutes(-1), 10, 2),
            new ThroughputIncrement("gpu", now, 5, 0),
            new ThroughputIncrement("mail", now, 7, 7),
            new ThroughputIncrement("gpu", now.AddDays(-1), 100, 1),
        ]));
        await engineAdmin.RemoveWorkerAsync("w", [new ThroughputIncrement("gpu", now, 1, 1)]);

        var gpu = await admin.GetThroughputAsync("gpu", days: 3);
        Assert.Equal(60, gpu.Minutes.Count);
        Assert.Equal(now, gpu.Minutes[^1].Start);
        Assert.Equal(new ThroughputPoint(now, 6, 1), gpu.Minutes[^1]);
        Assert.Equal(new ThroughputPoint(now.AddMinutes(-1), 10, 2), gpu.Minutes[^2]);
        Assert.Equal(0, gpu.Minutes[0].Processed);
        Assert.Equal(now.AddMinutes(-59), gpu.Minutes[0].Start);
        Assert.Equal([Start.Date.AddDays(-2), Start.Date.AddDays(-1), Start.Date], gpu.Days.Select(d => d.Start.UtcDateTime));
        Assert.Equal(new ThroughputPoint(Start.AddHours(-12), 16, 3), gpu.Days[^1]);
        Assert.Equal(100, gpu.Days[^2].Processed);

        var all = await admin.GetThroughputAsync();
        Assert.Null(all.Route);
        Assert.Equal(30, all.Days.Count);
        Assert.Equal(new ThroughputPoint(now, 13, 8), all.Minutes[^1]);
        Assert.Equal(23, all.Days[^1].Processed);

        // an hour later the old minutes have left the window; the days stay
        time.Advance(TimeSpan.FromMinutes(61));
        var later = await admin.GetThroughputAsync("gpu", days: 1);
        Assert.All(later.Minutes, m => Assert.Equal(0, m.Processed));
        Assert.Equal(16, later.Days[^1].Processed);
    }
}
