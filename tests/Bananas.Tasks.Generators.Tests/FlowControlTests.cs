using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// Concurrency limits, sequences and debounce through the generated proxies (compile-time side): the attribute's
/// ConcurrencyLimit, ConcurrencyScope and PartitionBy become the call's <c>ConcurrencyLimit</c>/<c>ConcurrencyKey</c>/
/// <c>ConcurrencyScope</c>, SequenceBy's argument its <c>SequenceKey</c>, DebounceSeconds/Replace and the DebounceBy
/// arguments its <c>Debounce</c>/<c>Replace</c>/<c>DebounceKey</c>; a caller's own options win, and a call that chooses
/// another answer to "what does a second enqueue do" (Replace, Debounce, Unique) gets none of the task's. The real
/// client over the in-memory engine stores what the proxies set (a sequence lock, a concurrency gate, a debounce lock)
/// and the handle says when an enqueue replaced a waiting job.
/// </summary>
public sealed class FlowControlTests
{
    private const string Driver = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Bananas.Tasks.InMemory;
        using System.Linq;
        using Flow;

        public sealed class FlowRecordingClient : IBananasClient
        {
            public List<string> Calls { get; } = new();
            public IQueueEngine Engine => throw new NotSupportedException();

            public async Task<EnqueueResult> SubmitAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default)
            {
                await Task.Yield();
                static string Or(object? value) => value?.ToString() ?? "-";
                Calls.Add($"{taskName} conc={Or(options?.ConcurrencyLimit)}/{Or(options?.ConcurrencyKey)}/{Or(options?.ConcurrencyScope)}"
                    + $" seq={Or(options?.SequenceKey)}/{Or(options?.SequenceHold)}"
                    + $" debounce={Or(options?.Debounce)} replace={options?.Replace ?? false} dkey={Or(options?.DebounceKey)}"
                    + $" unique={Or(options?.Unique)} rate={Or(options?.RateLimit?.Limit)}/{Or(options?.RateKey)} route={Or(options?.Route)}");
                return new EnqueueResult(JobId.New(), false, Replaced: taskName == "save");
            }

            public Task<JobId> EnqueueAsync(string taskName, string payloadJson, JobOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("the proxies call SubmitAsync");
            public Task<JobId> EnqueueAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("the proxies call SubmitAsync");
            public Task<IReadOnlyList<JobId>> EnqueueManyAsync(IReadOnlyList<TaskEnvelope> jobs, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobResult> WaitForResultAsync(JobId id, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        }

        public static class FlowScenario
        {
            public static async Task<string> RecordAsync()
            {
                var client = new FlowRecordingClient();
                var account = Guid.Parse("6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11");
                await Render.EnqueueAsync(client, "t-1", "scene");
                await Render.EnqueueAsync(client, "t-1", "scene", new JobOptions { ConcurrencyKey = "mine" });
                await Render.EnqueueAsync(client, "t-1", "scene", new JobOptions { ConcurrencyLimit = 1 });
                await Encode.EnqueueAsync(client, Region.North, 5);
                await Encode.EnqueueAsync(client, Region.South, 5, new JobOptions { ConcurrencyScope = LimitScope.Task });
                await Post.EnqueueAsync(client, account, 10m);
                await Post.EnqueueAsync(client, account, 10m, new JobOptions { SequenceKey = "mine" });
                await Ledger.EnqueueAsync(client, "a-1", 1);
                await Ledger.EnqueueAsync(client, "a-1", 1, new JobOptions { SequenceHold = SequenceHold.UntilCompletedOrDead });
                await Reindex.EnqueueAsync(client, "d-1", 2, "edit");
                await Reindex.EnqueueAsync(client, "d-1", 2, "edit", new JobOptions { Debounce = TimeSpan.FromMinutes(1) });
                await Reindex.EnqueueAsync(client, "d-1", 2, "edit", new JobOptions { DebounceKey = "mine" });
                // The call's Replace or Unique wins over the task's debounce; the DebounceBy key goes with the call's Replace.
                await Reindex.EnqueueAsync(client, "d-1", 2, "edit", new JobOptions { Replace = true });
                await Reindex.EnqueueAsync(client, "d-1", 2, "edit", new JobOptions { Unique = UniqueScope.WhileQueued });
                await Reindex.EnqueueAsync(client, "d-1", 2, "edit", new JobOptions { Unique = UniqueScope.None });
                await Refresh.EnqueueAsync(client, "feed");
                await Refresh.EnqueueInAsync(client, TimeSpan.FromMinutes(2), "feed");
                var saved = await Save.EnqueueAsync(client, 7, "text");
                // The call's Debounce or Unique wins over the task's replace; the DebounceBy key goes with the call's Debounce.
                await Save.EnqueueAsync(client, 7, "text", new JobOptions { Debounce = TimeSpan.FromSeconds(10) });
                await Save.EnqueueAsync(client, 7, "text", new JobOptions { Unique = UniqueScope.WhileQueued });
                await Publish.EnqueueAsync(client, "post");
                await Compact.EnqueueAsync(client, 3);
                // ConcurrencyScope, SequenceHold and DebounceBy without what they shape do nothing (BNT027).
                await NoFlow.EnqueueAsync(client, 5);
                return string.Join("\n", client.Calls) + "\n--\nsave replaced=" + saved.IsReplaced;
            }

            public static async Task<string> StoreAsync()
            {
                var real = new BananasClient(new InMemoryQueueEngine());
                var lines = new List<string>();
                async Task Show(string what, JobHandle handle)
                {
                    var job = await real.GetJobAsync(handle.Id);
                    lines.Add(job is null ? what + " missing" : $"{what} status={job.Status} replaced={handle.IsReplaced} duplicate={handle.IsDuplicate}"
                        + $" seq={(job.SequenceLock is { } s ? s.Split(':')[0] + ":<sha256 " + s.Split(':')[1].Length + ">" : "-")}/{job.SequenceHold}"
                        + $" conc={(job.ConcurrencyKey is { } c ? string.Join(":", c.Split(':').Take(2)) + (c.Split(':').Length > 2 ? ":<sha256>" : "") : "-")}/{job.ConcurrencyLimit?.ToString() ?? "-"}"
                        + $" debounce={(job.DebounceLock is { } d ? d.Split(':')[0] : "-")}/{job.DebounceMode}/{job.DebounceWindow?.ToString() ?? "-"}"
                        + $" payload={job.Payload}");
                }

                var account = Guid.Parse("6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11");
                // A sequence: the second job of the account waits behind the first; another account's does not.
                JobHandle<decimal> first = await Post.EnqueueAsync(real, account, 1m);
                await Show("post-1", first);
                await Show("post-2", await Post.EnqueueAsync(real, account, 2m));
                await Show("post-other", await Post.EnqueueAsync(real, Guid.Empty, 3m));
                await Show("ledger", await Ledger.EnqueueAsync(real, "a-1", 1));
                await Show("render", await Render.EnqueueAsync(real, "t-1", "scene"));
                await Show("encode", await Encode.EnqueueAsync(real, Region.North, 5));
                // Debounce: the second enqueue of the document replaces the first's arguments; the handle says so.
                var reindex = await Reindex.EnqueueAsync(real, "d-1", 2, "first");
                await Show("reindex-1", reindex);
                var again = await Reindex.EnqueueAsync(real, "d-1", 2, "second");
                await Show("reindex-2", again);
                lines.Add("reindex same job=" + (again.Id == reindex.Id));
                await Show("reindex-other-version", await Reindex.EnqueueAsync(real, "d-1", 3, "third"));
                // Replace: a pending job takes the new arguments, its due time kept.
                var save = await Save.EnqueueAsync(real, 7, "draft 1");
                var saveAgain = await Save.EnqueueAsync(real, 7, "draft 2");
                await Show("save-2", saveAgain);
                lines.Add("save same job=" + (saveAgain.Id == save.Id));
                // The client refuses Replace with Debounce and Unique with either: the proxy does not add the task's to the call's.
                await Show("reindex-replace", await Reindex.EnqueueAsync(real, "d-9", 1, "r", new JobOptions { Replace = true }));
                await Show("reindex-unique", await Reindex.EnqueueAsync(real, "d-9", 1, "u", new JobOptions { Unique = UniqueScope.WhileQueued }));
                await Show("save-debounce", await Save.EnqueueAsync(real, 9, "d", new JobOptions { Debounce = TimeSpan.FromSeconds(10) }));
                await Show("save-unique", await Save.EnqueueAsync(real, 9, "u", new JobOptions { Unique = UniqueScope.WhileQueued }));
                return string.Join("\n", lines);
            }
        }
        """;

    [Fact]
    public async Task FlowSettings_BecomeTheCallsOptions_AndTheCallersChoiceWins()
    {
        using var scenario = ScenarioAssembly.Build("FlowOptions", TestSources.Flow, Driver);
        var report = (await scenario.CallAsync<string>("FlowScenario", "RecordAsync")).Split("\n--\n");
        Assert.Equal(
        [
            "render conc=3/t-1/- seq=-/- debounce=- replace=False dkey=- unique=- rate=-/- route=-",
            "render conc=3/mine/- seq=-/- debounce=- replace=False dkey=- unique=- rate=-/- route=-",
            "render conc=1/t-1/- seq=-/- debounce=- replace=False dkey=- unique=- rate=-/- route=-",
            "encode conc=2/North/Route seq=-/- debounce=- replace=False dkey=- unique=- rate=10/North route=gpu",
            "encode conc=2/South/Task seq=-/- debounce=- replace=False dkey=- unique=- rate=10/South route=gpu",
            "post conc=-/-/- seq=6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11/- debounce=- replace=False dkey=- unique=- rate=-/- route=-",
            "post conc=-/-/- seq=mine/- debounce=- replace=False dkey=- unique=- rate=-/- route=-",
            "ledger conc=4/-/- seq=a-1/UntilCompleted debounce=- replace=False dkey=- unique=- rate=-/- route=-",
            "ledger conc=4/-/- seq=a-1/UntilCompletedOrDead debounce=- replace=False dkey=- unique=- rate=-/- route=-",
            "reindex conc=-/-/- seq=-/- debounce=00:00:30 replace=False dkey=3:d-1;1:2; unique=- rate=-/- route=-",
            "reindex conc=-/-/- seq=-/- debounce=00:01:00 replace=False dkey=3:d-1;1:2; unique=- rate=-/- route=-",
            "reindex conc=-/-/- seq=-/- debounce=00:00:30 replace=False dkey=mine unique=- rate=-/- route=-",
            "reindex conc=-/-/- seq=-/- debounce=- replace=True dkey=3:d-1;1:2; unique=- rate=-/- route=-",
            "reindex conc=-/-/- seq=-/- debounce=- replace=False dkey=- unique=WhileQueued rate=-/- route=-",
            "reindex conc=-/-/- seq=-/- debounce=00:00:30 replace=False dkey=3:d-1;1:2; unique=None rate=-/- route=-",
            "refresh conc=-/-/- seq=-/- debounce=00:00:05 replace=False dkey=- unique=- rate=-/- route=-",
            "refresh conc=-/-/- seq=-/- debounce=00:00:05 replace=False dkey=- unique=- rate=-/- route=-",
            "save conc=-/-/- seq=-/- debounce=- replace=True dkey=1:7; unique=- rate=-/- route=-",
            "save conc=-/-/- seq=-/- debounce=00:00:10 replace=False dkey=1:7; unique=- rate=-/- route=-",
            "save conc=-/-/- seq=-/- debounce=- replace=False dkey=- unique=WhileQueued rate=-/- route=-",
            "publish conc=-/-/- seq=-/- debounce=- replace=True dkey=- unique=- rate=-/- route=-",
            "compact conc=1/-/- seq=3/- debounce=00:01:00 replace=False dkey=- unique=- rate=-/- route=-",
            "no_flow conc=-/-/- seq=-/- debounce=- replace=False dkey=- unique=- rate=-/- route=-",
        ], report[0].Split('\n'));
        // EnqueueResult.Replaced reaches the handle.
        Assert.Equal("save replaced=True", report[1]);
    }

    [Fact]
    public async Task TheRealClient_StoresTheSequenceGateAndDebounce_ThatTheProxiesSet()
    {
        using var scenario = ScenarioAssembly.Build("FlowStored", TestSources.Flow, Driver);
        var report = await scenario.CallAsync<string>("FlowScenario", "StoreAsync");
        Assert.Equal(
        [
            "post-1 status=Pending replaced=False duplicate=False seq=post:<sha256 64>/UntilCompletedOrDead conc=-/- debounce=-/None/- payload={\"accountId\":\"6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11\",\"amount\":1}",
            "post-2 status=Waiting replaced=False duplicate=False seq=post:<sha256 64>/UntilCompletedOrDead conc=-/- debounce=-/None/- payload={\"accountId\":\"6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11\",\"amount\":2}",
            "post-other status=Pending replaced=False duplicate=False seq=post:<sha256 64>/UntilCompletedOrDead conc=-/- debounce=-/None/- payload={\"accountId\":\"00000000-0000-0000-0000-000000000000\",\"amount\":3}",
            "ledger status=Pending replaced=False duplicate=False seq=ledger:<sha256 64>/UntilCompleted conc=conc:ledger/4 debounce=-/None/- payload={\"accountId\":\"a-1\",\"entry\":1}",
            "render status=Pending replaced=False duplicate=False seq=-/UntilCompletedOrDead conc=conc:render:<sha256>/3 debounce=-/None/- payload={\"tenantId\":\"t-1\",\"sceneId\":\"scene\"}",
            "encode status=Pending replaced=False duplicate=False seq=-/UntilCompletedOrDead conc=route:gpu:<sha256>/2 debounce=-/None/- payload={\"region\":0,\"quality\":5}",
            "reindex-1 status=Scheduled replaced=False duplicate=False seq=-/UntilCompletedOrDead conc=-/- debounce=reindex/Debounce/00:00:30 payload={\"documentId\":\"d-1\",\"version\":2,\"reason\":\"first\"}",
            "reindex-2 status=Scheduled replaced=True duplicate=False seq=-/UntilCompletedOrDead conc=-/- debounce=reindex/Debounce/00:00:30 payload={\"documentId\":\"d-1\",\"version\":2,\"reason\":\"second\"}",
            "reindex same job=True",
            "reindex-other-version status=Scheduled replaced=False duplicate=False seq=-/UntilCompletedOrDead conc=-/- debounce=reindex/Debounce/00:00:30 payload={\"documentId\":\"d-1\",\"version\":3,\"reason\":\"third\"}",
            "save-2 status=Pending replaced=True duplicate=False seq=-/UntilCompletedOrDead conc=-/- debounce=save/Replace/- payload={\"draftId\":7,\"text\":\"draft 2\"}",
            "save same job=True",
            "reindex-replace status=Pending replaced=False duplicate=False seq=-/UntilCompletedOrDead conc=-/- debounce=reindex/Replace/- payload={\"documentId\":\"d-9\",\"version\":1,\"reason\":\"r\"}",
            "reindex-unique status=Pending replaced=False duplicate=False seq=-/UntilCompletedOrDead conc=-/- debounce=-/None/- payload={\"documentId\":\"d-9\",\"version\":1,\"reason\":\"u\"}",
            "save-debounce status=Scheduled replaced=False duplicate=False seq=-/UntilCompletedOrDead conc=-/- debounce=save/Debounce/00:00:10 payload={\"draftId\":9,\"text\":\"d\"}",
            "save-unique status=Pending replaced=False duplicate=False seq=-/UntilCompletedOrDead conc=-/- debounce=-/None/- payload={\"draftId\":9,\"text\":\"u\"}",
        ], report.Split('\n'));
    }

    [Fact]
    public void WithTaskDefaults_TakesTheKeyArguments_AndTheScheduleTakesNoFlowSetting()
    {
        using var scenario = ScenarioAssembly.Build("FlowDefaults", TestSources.Flow);
        var ledger = (JobOptions)ScenarioAssembly.Invoke(scenario.Type("Flow.Ledger"), "WithTaskDefaults", [null, "a-9"])!;
        Assert.Equal((4, (string?)null, (LimitScope?)null, "a-9", (SequenceHold?)SequenceHold.UntilCompleted),
            (ledger.ConcurrencyLimit, ledger.ConcurrencyKey, ledger.ConcurrencyScope, ledger.SequenceKey, ledger.SequenceHold));
        var reindex = (JobOptions)ScenarioAssembly.Invoke(scenario.Type("Flow.Reindex"), "WithTaskDefaults", [null, "d-1", 2])!;
        Assert.Equal((TimeSpan.FromSeconds(30), false, "3:d-1;1:2;"), (reindex.Debounce, reindex.Replace, reindex.DebounceKey));
        // Other DebounceBy values make another key; the reason, not in DebounceBy, is not an argument of WithTaskDefaults.
        var other = (JobOptions)ScenarioAssembly.Invoke(scenario.Type("Flow.Reindex"), "WithTaskDefaults", [null, "d-1", 3])!;
        Assert.NotEqual(reindex.DebounceKey, other.DebounceKey);
        var publish = (JobOptions)ScenarioAssembly.Invoke(scenario.Type("Flow.Publish"), "WithTaskDefaults", [null])!;
        Assert.Equal((true, (TimeSpan?)null, (string?)null), (publish.Replace, publish.Debounce, publish.DebounceKey));

        // The schedule's registration sets only the ordinary defaults (none here): no flow setting reaches PeriodicTaskOptions.
        var registration = scenario.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("BananasTasks.Registration.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("AddPeriodic(builder, \"compact\"", registration);
        foreach (var option in new[] { "Concurrency", "Sequence", "Debounce", "Replace" })
            Assert.DoesNotContain(option, registration);
    }
}
