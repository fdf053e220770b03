using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// Unique jobs through the generated proxies (issue 13 item 1): the attribute's Unique, UniqueBy and UniqueForSeconds
/// become the call's options, the key is built from the UniqueBy arguments of each call, a caller's own options win, and
/// the handle says whether <c>SubmitAsync</c> found a duplicate. A recording client keys duplicates by (task, key); the
/// real client over the in-memory engine shows the same end to end.
/// </summary>
public sealed class UniqueJobTests
{
    private const string Driver = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Bananas.Tasks.InMemory;
        using Orders;

        public sealed class UniqueRecordingClient : IBananasClient
        {
            private readonly Dictionary<string, JobId> _held = new();
            public List<string> Calls { get; } = new();
            public IQueueEngine Engine => throw new NotSupportedException();

            public async Task<EnqueueResult> SubmitAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default)
            {
                await Task.Yield();
                var key = options?.UniqueKey ?? (options?.Unique is null or UniqueScope.None ? null : payload.Json);
                Calls.Add($"{taskName} unique={options?.Unique?.ToString() ?? "-"} key={options?.UniqueKey ?? "-"} for={options?.UniqueFor?.ToString() ?? "-"} route={options?.Route ?? "-"} delay={options?.Delay?.ToString() ?? "-"}");
                if (key is not null && _held.TryGetValue(taskName + "|" + key, out var held)) return new EnqueueResult(held, true);
                var id = JobId.New();
                if (key is not null) _held[taskName + "|" + key] = id;
                return new EnqueueResult(id, false);
            }

            public Task<JobId> EnqueueAsync(string taskName, string payloadJson, JobOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("the proxies call SubmitAsync");
            public Task<JobId> EnqueueAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("the proxies call SubmitAsync");
            public Task<IReadOnlyList<JobId>> EnqueueManyAsync(IReadOnlyList<TaskEnvelope> jobs, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobResult> WaitForResultAsync(JobId id, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        }

        public static class UniqueScenario
        {
            public static async Task<string> RunAsync()
            {
                var client = new UniqueRecordingClient();
                var lines = new List<string>();
                void Add(string what, JobHandle handle, JobHandle? first = null) =>
                    lines.Add($"{what} duplicate={handle.IsDuplicate}" + (first is null ? "" : $" same={handle.Id == first.Id}"));

                // UniqueBy = { nameof(orderId), "region" }: attempt is not in the key.
                JobHandle<string> first = await ProcessOrder.EnqueueAsync(client, "o-1", Region.North, 1);
                Add("first", first);
                Add("again", await ProcessOrder.EnqueueAsync(client, "o-1", Region.North, 2), first);
                Add("other-order", await ProcessOrder.EnqueueAsync(client, "o-2", Region.North, 1), first);
                Add("other-region", await ProcessOrder.EnqueueAsync(client, "o-1", Region.South, 1), first);
                Add("delayed", await ProcessOrder.EnqueueInAsync(client, TimeSpan.FromMinutes(5), "o-1", Region.North, 3), first);

                // A caller's own options win: its key, its scope, and None turns the attribute's key off.
                Add("own-key", await ProcessOrder.EnqueueAsync(client, "o-1", Region.North, 1, new JobOptions { UniqueKey = "mine" }));
                Add("own-scope", await ProcessOrder.EnqueueAsync(client, "o-9", Region.North, 1, new JobOptions { Unique = UniqueScope.WhileQueuedOrRunning, Route = "rush" }));
                Add("not-unique", await ProcessOrder.EnqueueAsync(client, "o-1", Region.North, 1, new JobOptions { Unique = UniqueScope.None }));

                // ForPeriod with a period, keyed by one Guid; all the arguments (no UniqueBy); one job of the task (empty UniqueBy).
                var customer = Guid.Parse("6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11");
                Add("remind", await Remind.EnqueueAsync(client, customer, "a"));
                Add("remind-other-note", await Remind.EnqueueAsync(client, customer, "b"));
                Add("rebuild", await Rebuild.EnqueueAsync(client, 1, TimeSpan.FromHours(1)));
                Add("reindex", await Reindex.EnqueueAsync(client));
                Add("reindex-again", await Reindex.EnqueueAsync(client));

                // UniqueBy without Unique does nothing (BNT009): no unique option at all.
                Add("not-unique-task", await NotUnique.EnqueueAsync(client, 5));

                // The real client over the in-memory engine: the second enqueue with the same key is the first job.
                var real = new BananasClient(new InMemoryQueueEngine());
                var one = await ProcessOrder.EnqueueAsync(real, "o-1", Region.North, 1);
                Add("real-first", one);
                Add("real-again", await ProcessOrder.EnqueueAsync(real, "o-1", Region.North, 7), one);
                Add("real-other", await ProcessOrder.EnqueueAsync(real, "o-3", Region.North, 1), one);

                return string.Join("\n", lines) + "\n--\n" + string.Join("\n", client.Calls);
            }
        }
        """;

    [Fact]
    public async Task UniqueBy_KeysByTheNamedArguments_AndTheHandleReportsDuplicates()
    {
        using var scenario = ScenarioAssembly.Build("UniqueJobs", TestSources.Unique, Driver);
        var report = (await scenario.CallAsync<string>("UniqueScenario", "RunAsync")).Split("\n--\n");
        Assert.Equal(
        [
            "first duplicate=False",
            "again duplicate=True same=True",
            "other-order duplicate=False same=False",
            "other-region duplicate=False same=False",
            "delayed duplicate=True same=True",
            "own-key duplicate=False",
            "own-scope duplicate=False",
            "not-unique duplicate=False",
            "remind duplicate=False",
            "remind-other-note duplicate=True",
            "rebuild duplicate=False",
            "reindex duplicate=False",
            "reindex-again duplicate=True",
            "not-unique-task duplicate=False",
            "real-first duplicate=False",
            "real-again duplicate=True same=True",
            "real-other duplicate=False same=False",
        ], report[0].Split('\n'));

        // The key is TaskProxySupport.UniqueKey(UniqueText(orderId), UniqueText(region)): length-prefixed texts.
        Assert.Equal(
        [
            "process_order unique=WhileQueued key=3:o-1;5:North; for=- route=orders delay=-",
            "process_order unique=WhileQueued key=3:o-1;5:North; for=- route=orders delay=-",
            "process_order unique=WhileQueued key=3:o-2;5:North; for=- route=orders delay=-",
            "process_order unique=WhileQueued key=3:o-1;5:South; for=- route=orders delay=-",
            "process_order unique=WhileQueued key=3:o-1;5:North; for=- route=orders delay=00:05:00",
            "process_order unique=WhileQueued key=mine for=- route=orders delay=-",
            "process_order unique=WhileQueuedOrRunning key=3:o-9;5:North; for=- route=rush delay=-",
            "process_order unique=None key=- for=- route=orders delay=-",
            "remind unique=ForPeriod key=36:6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11; for=00:10:00 route=- delay=-",
            "remind unique=ForPeriod key=36:6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11; for=00:10:00 route=- delay=-",
            "rebuild unique=WhileQueuedOrRunning key=- for=- route=- delay=-",
            "reindex unique=WhileQueuedOrRunning key=* for=01:00:00 route=- delay=-",
            "reindex unique=WhileQueuedOrRunning key=* for=01:00:00 route=- delay=-",
            "not_unique unique=- key=- for=- route=- delay=-",
        ], report[1].Split('\n'));
    }

    [Fact]
    public void UniqueKey_IsTheSameForTheSameUniqueByValues_AndIgnoresOtherParameters()
    {
        using var scenario = ScenarioAssembly.Build("UniqueKeys", TestSources.Unique);
        var type = scenario.Type("Orders.ProcessOrder");
        var region = Enum.Parse(scenario.Type("Orders.Region"), "North");
        string? Key(string orderId, object r) =>
            ((JobOptions)ScenarioAssembly.Invoke(type, "WithTaskDefaults", [null, orderId, r])!).UniqueKey;

        Assert.Equal(Key("o-1", region), Key("o-1", region));
        Assert.NotEqual(Key("o-1", region), Key("o-2", region));
        Assert.NotEqual(Key("o-1", region), Key("o-1", Enum.Parse(scenario.Type("Orders.Region"), "South")));
        // A caller's own key wins over the UniqueBy arguments.
        var own = (JobOptions)ScenarioAssembly.Invoke(type, "WithTaskDefaults", [new JobOptions { UniqueKey = "mine" }, "o-1", region])!;
        Assert.Equal("mine", own.UniqueKey);
    }
}
