using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Workflows;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Workflows (issue 14 part 1; docs/workflows.md), the same on both engines: steps wait for their parents, the finishing
/// script of the last parent hands its results over and queues the step, failure policies, cancel by id.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    private static string Quote(string text) => "\"" + text + "\"";
    private static string Unquote(string? json) => json is null ? "<none>" : json.Trim('"');

    /// <summary>A root step of task <paramref name="task"/> with a JSON string result.</summary>
    private static Step<string> Root(string task, string payload = "{}") => Workflow.Step<string>(task, payload, null, Quote, Unquote);

    /// <summary>A step of <paramref name="task"/> whose parameter <c>input</c> takes <paramref name="from"/>'s result(s).</summary>
    private static Step<string> After<T>(IStepInput<T> from, string task, string otherArguments = "{}") =>
        Workflow.Step<T, string>(from, "input", task, otherArguments, null, Quote, Unquote);

    private async Task<(IQueueEngine Engine, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time, BananasClient Client)> WorkflowEngineAsync()
    {
        var (engine, time) = await NewEngineAsync();
        Assert.IsAssignableFrom<IWorkflowEngine>(engine);
        return (engine, time, new BananasClient(engine));
    }

    /// <summary>Fetches every queued job and completes it with <paramref name="result"/> (null: it returns nothing); returns them.</summary>
    private static async Task<List<FetchedJob>> RunQueuedAsync(IQueueEngine engine, Func<FetchedJob, string?> result)
    {
        var fetched = (await engine.FetchAsync(Request("default", maxJobs: 1000))).ToList();
        if (fetched.Count > 0)
            Assert.All(await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, result(f), TimeSpan.FromMilliseconds(1))).ToList()), Assert.True);
        return fetched;
    }

    private static async Task<JobRecord> StepAsync(IQueueEngine engine, WorkflowRecord workflow, string task) =>
        (await engine.GetJobAsync(workflow.StepIds.Single(id => workflow.Steps.First(s => s.Id == id).Name == task)))!;

    [Fact]
    public async Task A_chain_queues_each_step_when_its_parent_completes_with_the_parents_result_as_its_input()
    {
        var (engine, _, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var handle = await client.StartWorkflowAsync(After(After(Root("resize", "{\"url\":\"u\"}"), "tag", "{\"n\":1}"), "publish"));
        var wf = (await handle.GetAsync())!;
        Assert.Equal((WorkflowStatus.Running, 3, 0, "publish"), (wf.Status, wf.Total, wf.Done, wf.Name));
        Assert.Equal(["resize", "tag", "publish"], wf.Steps.Select(s => s.Name));
        Assert.Equal([JobStatus.Pending, JobStatus.Waiting, JobStatus.Waiting], wf.Steps.Select(s => s.Status));
        Assert.Equal("wf:" + handle.Id, wf.Steps[1].WaitingOn);
        Assert.Equal(handle.Id, wf.Steps[2].Workflow!.WorkflowId);

        var first = Assert.Single(await RunQueuedAsync(engine, _ => Quote("small.png")));
        Assert.Equal("resize", first.Job!.Name);
        var second = Assert.Single(await RunQueuedAsync(engine, _ => Quote("tagged")));
        Assert.Equal(("tag", "{\"input\":\"small.png\",\"n\":1}"), (second.Job!.Name, second.Job!.Payload));
        var third = Assert.Single(await RunQueuedAsync(engine, f => Quote("published")));
        Assert.Equal("{\"input\":\"tagged\"}", third.Job!.Payload);

        wf = (await handle.GetAsync())!;
        Assert.Equal((WorkflowStatus.Completed, 3, 0), (wf.Status, wf.Done, wf.Failed));
        Assert.NotNull(wf.CompletedAt);
        Assert.Equal("published", await handle.WaitAsync(Patience));
        Assert.Empty(await engine.FetchAsync(Request("default")));
    }

    [Fact]
    public async Task A_group_of_100_joins_into_one_step_that_gets_their_results_in_the_groups_order()
    {
        var (engine, _, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var parts = Enumerable.Range(0, 100).Select(i => Root("part", $"{{\"i\":{i}}}")).ToArray();
        var handle = await client.StartWorkflowAsync(After(Workflow.All(parts), "sum"));

        var fetched = (await engine.FetchAsync(Request("default", maxJobs: 1000))).ToList();
        Assert.Equal(100, fetched.Count);
        // Completed in reverse order, in batches: the join's input keeps the group's order all the same.
        fetched.Reverse();
        foreach (var chunk in fetched.Chunk(7))
        {
            Assert.Equal(JobStatus.Waiting, (await handle.GetAsync())!.Steps[^1].Status);
            await engine.AckAsync(chunk.Select(f => new JobCompletion(f.Id, f.LeaseToken, f.Job!.Payload[5..^1], TimeSpan.Zero)).ToList());
        }
        var join = Assert.Single(await RunQueuedAsync(engine, _ => Quote("4950")));
        Assert.Equal("{\"input\":[" + string.Join(",", Enumerable.Range(0, 100)) + "]}", join.Job!.Payload);
        Assert.Equal("4950", await handle.WaitAsync(Patience));
        Assert.Equal((WorkflowStatus.Completed, 101), ((await handle.GetAsync())!.Status, (await handle.GetAsync())!.Done));
    }

    [Fact]
    public async Task A_step_that_returns_nothing_gives_null_to_the_next_and_a_step_without_input_parameter_runs_after_its_parent()
    {
        var (engine, _, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var handle = await client.StartWorkflowAsync(After(Root("clean"), "report", "{\"day\":3}"));
        await RunQueuedAsync(engine, _ => null);
        var report = Assert.Single(await RunQueuedAsync(engine, _ => Quote("ok")));
        Assert.Equal("{\"input\":null,\"day\":3}", report.Job!.Payload);
        Assert.Equal("ok", await handle.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_failed_step_fails_its_workflow_and_cancels_the_steps_under_it()
    {
        var (engine, time, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var a = Root("a");
        var handle = await client.StartWorkflowAsync(After(Workflow.All(After(a, "b"), Root("side")), "c"));
        var fetched = await engine.FetchAsync(Request("default"));
        Assert.Equal(["a", "side"], fetched.Select(f => f.Job!.Name).Order());
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(fetched.Single(f => f.Job!.Name == "a"), time.GetUtcNow(), permanent: true)));

        var wf = (await handle.GetAsync())!;
        Assert.Equal((WorkflowStatus.Failed, 1), (wf.Status, wf.Failed));
        Assert.Equal(fetched.Single(f => f.Job!.Name == "a").Id, wf.FailedStep);
        foreach (var name in new[] { "b", "c" })
        {
            var step = await StepAsync(engine, wf, name);
            Assert.Equal((JobStatus.Failed, "JobCancelled"), (step.Status, step.ErrorType));
            Assert.Contains($"workflow {handle.Id} failed at step", step.Error);
        }
        // The parallel branch still finishes; it queues nothing and the workflow stays failed.
        Assert.True(await AckAsync(engine, fetched.Single(f => f.Job!.Name == "side"), Quote("s")));
        Assert.Empty(await engine.FetchAsync(Request("default")));
        Assert.Equal(WorkflowStatus.Failed, (await handle.GetAsync())!.Status);
        var failed = await Assert.ThrowsAsync<JobFailedException>(() => handle.WaitAsync(Patience));
        Assert.Contains("JobCancelled", failed.Message);
    }

    [Fact]
    public async Task A_step_that_continues_on_failure_gives_its_fallback_to_the_next_step_and_the_workflow_completes()
    {
        var (engine, time, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var handle = await client.StartWorkflowAsync(After(Root("lookup").ContinueOnFailure("unknown"), "greet"));
        var lookup = Assert.Single(await engine.FetchAsync(Request("default")));
        await engine.FailAsync(Failure(lookup, time.GetUtcNow(), permanent: true));
        var greet = Assert.Single(await RunQueuedAsync(engine, _ => Quote("hello")));
        Assert.Equal("{\"input\":\"unknown\"}", greet.Job!.Payload);
        var wf = (await handle.GetAsync())!;
        Assert.Equal((WorkflowStatus.Completed, 2, 1, (JobId?)null), (wf.Status, wf.Done, wf.Failed, wf.FailedStep));
        Assert.Equal("hello", await handle.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_compensated_step_queues_its_compensation_when_it_fails_and_drops_it_when_it_completes()
    {
        var (engine, time, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var failing = await client.StartWorkflowAsync(After(Root("charge", "{\"amount\":5}").CompensateWith(Root("refund", "{\"amount\":5}")), "ship"));
        var charge = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(JobStatus.Waiting, (await StepAsync(engine, (await failing.GetAsync())!, "refund")).Status);
        await engine.FailAsync(Failure(charge, time.GetUtcNow(), permanent: true));
        var refund = Assert.Single(await RunQueuedAsync(engine, _ => Quote("refunded")));
        Assert.Equal(("refund", "{\"amount\":5}"), (refund.Job!.Name, refund.Job!.Payload));
        var wf = (await failing.GetAsync())!;
        Assert.Equal((WorkflowStatus.Failed, 2), (wf.Status, wf.Total));
        Assert.Equal((JobStatus.Failed, "JobCancelled"), ((await StepAsync(engine, wf, "ship")).Status, (await StepAsync(engine, wf, "ship")).ErrorType));
        Assert.Equal(JobStatus.Completed, (await StepAsync(engine, wf, "refund")).Status);

        var succeeding = await client.StartWorkflowAsync(After(Root("charge").CompensateWith(Root("refund")), "ship"));
        await RunQueuedAsync(engine, _ => Quote("charged"));
        await RunQueuedAsync(engine, _ => Quote("shipped"));
        wf = (await succeeding.GetAsync())!;
        Assert.Equal(WorkflowStatus.Completed, wf.Status);
        var dropped = await StepAsync(engine, wf, "refund");
        Assert.Equal((JobStatus.Failed, "JobCancelled"), (dropped.Status, dropped.ErrorType));
        Assert.Contains("not needed", dropped.Error);
        Assert.Empty(await engine.FetchAsync(Request("default")));
    }

    [Fact]
    public async Task Cancelling_a_workflow_cancels_its_waiting_and_queued_steps_and_signals_its_running_ones()
    {
        var (engine, _, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var signalled = new List<JobId>();
        await using var sub = await engine.SubscribeCancellationsAsync(id => { lock (signalled) signalled.Add(id); });
        var handle = await client.StartWorkflowAsync(After(Workflow.All(Root("running"), Root("queued")), "waiting"));
        var running = (await engine.FetchAsync(Request("default", maxJobs: 1))).Single();
        Assert.Equal("running", running.Job!.Name);

        Assert.Equal(WorkflowCancelOutcome.Cancelled, await handle.CancelAsync());
        var wf = (await handle.GetAsync())!;
        Assert.Equal(WorkflowStatus.Cancelled, wf.Status);
        Assert.Equal(JobStatus.Failed, (await StepAsync(engine, wf, "queued")).Status);
        Assert.Equal(("JobCancelled", JobStatus.Failed), ((await StepAsync(engine, wf, "waiting")).ErrorType, (await StepAsync(engine, wf, "waiting")).Status));
        await Within(Task.Run(async () => { while (true) { lock (signalled) if (signalled.Contains(running.Id)) return true; await Task.Delay(10); } }), "the running step's cancel signal");

        // The running step finishing after the cancel queues nothing.
        Assert.True(await AckAsync(engine, running, Quote("late")));
        Assert.Empty(await engine.FetchAsync(Request("default")));
        Assert.Equal(WorkflowStatus.Cancelled, (await handle.GetAsync())!.Status);
        Assert.Equal(WorkflowCancelOutcome.Finished, await handle.CancelAsync());
        Assert.Equal(WorkflowCancelOutcome.NotFound, await ((IWorkflowEngine)engine).CancelWorkflowAsync("no-such-workflow"));
        Assert.Null(await ((IWorkflowEngine)engine).GetWorkflowAsync("no-such-workflow"));
    }

    [Fact]
    public async Task Starting_a_workflow_twice_with_one_id_stores_it_once_and_a_taken_step_id_stores_nothing()
    {
        var (engine, _, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var options = new WorkflowOptions { Id = "wf-once", Name = "nightly" };
        var first = await client.StartWorkflowAsync(After(Root("a"), "b"), options);
        var again = await client.StartWorkflowAsync(After(Root("a"), "b"), options);
        Assert.Equal((false, true), (first.AlreadyStarted, again.AlreadyStarted));
        Assert.Equal("nightly", (await again.GetAsync())!.Name);
        Assert.Single(await engine.FetchAsync(Request("default")));

        var taken = Job();
        await engine.EnqueueAsync(taken);
        var submission = new WorkflowSubmission("wf-taken", "x", taken.Id, [Job() with { Id = taken.Id, Workflow = new WorkflowStepLink { WorkflowId = "wf-taken" } }]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ((IWorkflowEngine)engine).StartWorkflowAsync(submission));
        Assert.Contains(taken.Id.Value, refused.Message);
        Assert.Null(await ((IWorkflowEngine)engine).GetWorkflowAsync("wf-taken"));
        Assert.Equal(JobStatus.Pending, (await engine.GetJobAsync(taken.Id))!.Status);
    }

    [Fact]
    public async Task A_step_whose_lease_expired_runs_again_and_its_next_step_is_queued_once()
    {
        var (engine, time, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var handle = await client.StartWorkflowAsync(After(Root("a"), "b"));
        var crashed = Assert.Single(await engine.FetchAsync(Request("default", lease: TimeSpan.FromSeconds(5))));
        time.Advance(TimeSpan.FromSeconds(6));
        await engine.MaintainAsync(100);
        var rerun = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(crashed.Id, rerun.Id);
        Assert.False(await AckAsync(engine, crashed, Quote("stale"))); // the crashed worker's late ack is fenced off
        Assert.True(await AckAsync(engine, rerun, Quote("fresh")));
        var b = Assert.Single(await RunQueuedAsync(engine, _ => Quote("done")));
        Assert.Equal("{\"input\":\"fresh\"}", b.Job!.Payload);
        Assert.Empty(await engine.FetchAsync(Request("default")));
        Assert.Equal((WorkflowStatus.Completed, 2), ((await handle.GetAsync())!.Status, (await handle.GetAsync())!.Done));
    }

    [Fact]
    public async Task Cancelling_one_waiting_step_fails_its_workflow_like_any_step_failure()
    {
        var (engine, _, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var handle = await client.StartWorkflowAsync(After(After(Root("a"), "b"), "c"));
        var wf = (await handle.GetAsync())!;
        Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync((await StepAsync(engine, wf, "b")).Id));
        wf = (await handle.GetAsync())!;
        Assert.Equal(WorkflowStatus.Failed, wf.Status);
        Assert.Equal(JobStatus.Failed, (await StepAsync(engine, wf, "c")).Status);
        await RunQueuedAsync(engine, _ => Quote("a"));
        Assert.Empty(await engine.FetchAsync(Request("default")));
    }

    [Fact]
    public async Task A_step_that_continued_on_failure_then_completes_after_a_requeue_is_not_counted_twice()
    {
        var (engine, time, client) = await WorkflowEngineAsync();
        await using var _e = engine;
        var handle = await client.StartWorkflowAsync(After(Root("lookup").ContinueOnFailure("unknown"), "greet"));
        var lookup = Assert.Single(await engine.FetchAsync(Request("default")));
        await engine.FailAsync(Failure(lookup, time.GetUtcNow(), permanent: true));
        Assert.True(await engine.RequeueDeadAsync(lookup.Id));

        var both = await engine.FetchAsync(Request("default"));
        Assert.Equal(["greet", "lookup"], both.Select(f => f.Job!.Name).Order());
        Assert.True(await AckAsync(engine, both.Single(f => f.Job!.Name == "lookup"), Quote("found")));
        var wf = (await handle.GetAsync())!;
        Assert.Equal((WorkflowStatus.Running, 1), (wf.Status, wf.Done)); // the continue already counted it: the final step has not run

        Assert.True(await AckAsync(engine, both.Single(f => f.Job!.Name == "greet"), Quote("hello")));
        wf = (await handle.GetAsync())!;
        Assert.Equal((WorkflowStatus.Completed, 2, 1), (wf.Status, wf.Done, wf.Failed));
        Assert.Equal("hello", await handle.WaitAsync(Patience));
    }
}
