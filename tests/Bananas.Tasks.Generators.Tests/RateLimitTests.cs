using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// Rate limits through the generated proxies (issue 13 item 2, compile-time side): the attribute's RateLimit and
/// RatePeriodSeconds become the call's <c>JobOptions.RateLimit</c>, PartitionBy's argument its <c>RateKey</c> (the
/// partition's text), a caller's own options win, and a task without RateLimit sets none. The real client over the
/// in-memory engine accepts the options the proxies build.
/// </summary>
public sealed class RateLimitTests
{
    private const string Driver = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Bananas.Tasks.InMemory;
        using Mail;

        public sealed class RateRecordingClient : IBananasClient
        {
            public List<string> Calls { get; } = new();
            public IQueueEngine Engine => throw new NotSupportedException();

            public async Task<EnqueueResult> SubmitAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default)
            {
                await Task.Yield();
                var rate = options?.RateLimit is { } r ? $"{r.Limit}/{r.Period}" : "-";
                Calls.Add($"{taskName} rate={rate} key={options?.RateKey ?? "-"} unique={options?.UniqueKey ?? "-"} route={options?.Route ?? "-"}");
                return new EnqueueResult(JobId.New(), false);
            }

            public Task<JobId> EnqueueAsync(string taskName, string payloadJson, JobOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("the proxies call SubmitAsync");
            public Task<JobId> EnqueueAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("the proxies call SubmitAsync");
            public Task<IReadOnlyList<JobId>> EnqueueManyAsync(IReadOnlyList<TaskEnvelope> jobs, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobResult> WaitForResultAsync(JobId id, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        }

        public static class RateScenario
        {
            public static async Task<string> RunAsync()
            {
                var client = new RateRecordingClient();
                await Send.EnqueueAsync(client, "a@example.com", "hi");
                await Sync.EnqueueAsync(client, "tenant-1", 10);
                await Sync.EnqueueAsync(client, "tenant-2", 10);
                await Sync.EnqueueInAsync(client, TimeSpan.FromMinutes(1), "tenant-1", 20);
                // A caller's own options win: its RateKey, its RateLimit (and then the partition still comes from PartitionBy).
                await Sync.EnqueueAsync(client, "tenant-1", 10, new JobOptions { RateKey = "mine" });
                await Sync.EnqueueAsync(client, "tenant-1", 10, new JobOptions { RateLimit = new RateLimit(3, TimeSpan.FromSeconds(2)) });
                await Send.EnqueueAsync(client, "b@example.com", "hi", new JobOptions { RateLimit = new RateLimit(1, TimeSpan.FromMinutes(1)), Route = "bulk" });
                // A partition that is also a UniqueBy parameter: one argument feeds both.
                var tenant = Guid.Parse("6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11");
                await Digest.EnqueueAsync(client, tenant, 20261202);
                // PartitionBy without RateLimit does nothing (BNT024): no rate option at all.
                await NotLimited.EnqueueAsync(client, 5);

                // The real client over the in-memory engine takes the options (it refuses a RateKey without a RateLimit).
                var real = new BananasClient(new InMemoryQueueEngine());
                var one = await Sync.EnqueueAsync(real, "tenant-1", 1);
                var two = await Send.EnqueueAsync(real, "c@example.com", "hi");
                var record = await real.GetJobAsync(one.Id);
                return string.Join("\n", client.Calls) + "\n--\n" + (record is null ? "missing" : "stored") + " " + (one.Id != two.Id);
            }
        }
        """;

    [Fact]
    public async Task RateLimit_AndPartitionBy_BecomeTheCallsOptions_AndTheCallersOptionsWin()
    {
        using var scenario = ScenarioAssembly.Build("RateLimits", TestSources.Rate, Driver);
        var report = (await scenario.CallAsync<string>("RateScenario", "RunAsync")).Split("\n--\n");
        Assert.Equal(
        [
            "send rate=10/00:00:01 key=- unique=- route=mail",
            "sync rate=100/00:01:00 key=tenant-1 unique=- route=-",
            "sync rate=100/00:01:00 key=tenant-2 unique=- route=-",
            "sync rate=100/00:01:00 key=tenant-1 unique=- route=-",
            "sync rate=100/00:01:00 key=mine unique=- route=-",
            "sync rate=3/00:00:02 key=tenant-1 unique=- route=-",
            "send rate=1/00:01:00 key=- unique=- route=bulk",
            "digest rate=5/00:00:01 key=6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11 unique=36:6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11;8:20261202; route=-",
            "not_limited rate=- key=- unique=- route=-",
        ], report[0].Split('\n'));
        Assert.Equal("stored True", report[1]);
    }

    [Fact]
    public void WithTaskDefaults_TakesThePartitionArgument_AndASchedulesOptionsTakeNoRateSetting()
    {
        using var scenario = ScenarioAssembly.Build("RateDefaults", TestSources.Rate);
        var sync = scenario.Type("Mail.Sync");
        var options = (JobOptions)ScenarioAssembly.Invoke(sync, "WithTaskDefaults", [null, "t-9"])!;
        Assert.Equal(new RateLimit(100, TimeSpan.FromMinutes(1)), options.RateLimit);
        Assert.Equal("t-9", options.RateKey);
        var own = (JobOptions)ScenarioAssembly.Invoke(sync, "WithTaskDefaults", [new JobOptions { RateKey = "mine", RateLimit = new RateLimit(1, TimeSpan.FromSeconds(1)) }, "t-9"])!;
        Assert.Equal(("mine", new RateLimit(1, TimeSpan.FromSeconds(1))), (own.RateKey, own.RateLimit));
        var send = (JobOptions)ScenarioAssembly.Invoke(scenario.Type("Mail.Send"), "WithTaskDefaults", [null])!;
        Assert.Null(send.RateKey);
        Assert.Equal(new RateLimit(10, TimeSpan.FromSeconds(1)), send.RateLimit);
    }

    [Fact]
    public void A_route_scoped_rate_limit_becomes_the_calls_RateScope_and_the_callers_own_wins()
    {
        const string source = """
            using Bananas.Tasks;
            namespace Render;
            public static class RenderTasks
            {
                [BananaTask(Route = "gpu", RateLimit = 4, RateScope = LimitScope.Route)]
                public static Task Draw(string scene) => Task.CompletedTask;
                [BananaTask(Route = "gpu", RateLimit = 4)]
                public static Task Paint(string scene) => Task.CompletedTask;
            }
            """;
        using var scenario = ScenarioAssembly.Build("RateScope", source);
        var draw = (JobOptions)ScenarioAssembly.Invoke(scenario.Type("Render.Draw"), "WithTaskDefaults", [null])!;
        Assert.Equal((LimitScope.Route, new RateLimit(4, TimeSpan.FromSeconds(1))), (draw.RateScope!.Value, draw.RateLimit));
        var own = (JobOptions)ScenarioAssembly.Invoke(scenario.Type("Render.Draw"), "WithTaskDefaults", [new JobOptions { RateScope = LimitScope.Task }])!;
        Assert.Equal(LimitScope.Task, own.RateScope);
        var paint = (JobOptions)ScenarioAssembly.Invoke(scenario.Type("Render.Paint"), "WithTaskDefaults", [null])!;
        Assert.Null(paint.RateScope);
    }
}
