using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Bananas.Tasks.Workflows;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Workflows on Redis where the keys are not what the engine wrote (docs/wire-format.md "Workflow keys"): a completion
/// never fails after its first write, and each step ends in a state the status view shows.
/// </summary>
public sealed class RedisWorkflowKeyTests
{
    private static FetchRequest Fetch() => new([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "w");

    private static Step<string> Root(string task) => Workflow.Step<string>(task, "{}", null, r => "\"" + r + "\"", j => j ?? "");
    private static Step<string> After(IStepInput<string> from, string task) => Workflow.Step<string, string>(from, "input", task, "{}", null, r => "\"" + r + "\"", j => j ?? "");

    private static async Task<(RedisQueueEngine Engine, IDatabase Db, string Prefix, BananasClient Client)> NewAsync()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        return (engine, server.Connection.GetDatabase(), prefix, new BananasClient(engine));
    }

    [Fact]
    public async Task A_step_whose_payload_was_overwritten_with_no_object_fails_as_malformed_and_fails_its_workflow()
    {
        var (engine, db, prefix, client) = await NewAsync();
        var handle = await client.StartWorkflowAsync(After(After(Root("a"), "b"), "c"));
        var wf = (await handle.GetAsync())!;
        await db.HashSetAsync($"{prefix}:job:{wf.StepIds[1]}", "payload", "[1,2]");
        var a = Assert.Single(await engine.FetchAsync(Fetch()));

        Assert.True((await engine.AckAsync([new JobCompletion(a.Id, a.LeaseToken, "\"x\"", TimeSpan.Zero)]))[0]);

        var b = (await engine.GetJobAsync(wf.StepIds[1]))!;
        Assert.Equal((JobStatus.Failed, "MalformedJobRecord"), (b.Status, b.ErrorType));
        Assert.Contains(wf.StepIds[1].Value, (await db.ListRangeAsync($"{prefix}:queue:dead")).Select(v => v.ToString()));
        wf = (await handle.GetAsync())!;
        Assert.Equal((WorkflowStatus.Failed, wf.StepIds[1]), (wf.Status, wf.FailedStep));
        Assert.Equal(JobStatus.Failed, (await engine.GetJobAsync(wf.StepIds[2]))!.Status);
        Assert.Empty(await engine.FetchAsync(Fetch()));
    }

    [Fact]
    public async Task A_workflow_record_of_another_type_does_not_fail_the_completion_and_its_next_steps_are_cancelled()
    {
        var (engine, db, prefix, client) = await NewAsync();
        var handle = await client.StartWorkflowAsync(After(Root("a"), "b"));
        var steps = (await handle.GetAsync())!.StepIds;
        await db.KeyDeleteAsync($"{prefix}:wf:{handle.Id}");
        await db.StringSetAsync($"{prefix}:wf:{handle.Id}", "not a hash");
        var a = Assert.Single(await engine.FetchAsync(Fetch()));

        Assert.True((await engine.AckAsync([new JobCompletion(a.Id, a.LeaseToken, "\"x\"", TimeSpan.Zero)]))[0]);

        Assert.Equal(JobStatus.Completed, (await engine.GetJobAsync(a.Id))!.Status);
        var b = (await engine.GetJobAsync(steps[1]))!;
        Assert.Equal((JobStatus.Failed, "JobCancelled"), (b.Status, b.ErrorType));
        Assert.Contains("is gone", b.Error);
        var refused = await Assert.ThrowsAsync<RedisServerException>(() => handle.CancelAsync());
        Assert.Contains("WRONGTYPE", refused.Message);
    }

    [Fact]
    public async Task A_step_id_in_use_or_a_queue_of_another_type_refuses_the_whole_workflow_before_any_write()
    {
        var (engine, db, prefix, client) = await NewAsync();
        await db.StringSetAsync($"{prefix}:route:default:queue:normal", "x");
        await Assert.ThrowsAsync<RedisServerException>(() => client.StartWorkflowAsync(After(Root("a"), "b"), new WorkflowOptions { Id = "wf-1" }));
        Assert.False(await db.KeyExistsAsync($"{prefix}:wf:wf-1"));
        Assert.Empty((await db.SetMembersAsync($"{prefix}:routes")));
    }
}
