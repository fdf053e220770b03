using System.Text.Json;

namespace Bananas.Tasks.Cli.Tests;

/// <summary>The read commands against one seeded deployment with a live worker: tables, JSON shapes, exit codes.</summary>
public sealed class ReadCommandTests(SeededDeployment seeded) : IClassFixture<SeededDeployment>
{
    private Deployment D => seeded.D;

    private static string[] Ids(JsonElement jobs) => jobs.EnumerateArray().Select(j => j.GetProperty("id").GetString()!).ToArray();

    private static void NoAnsi(CliResult r) => Assert.DoesNotContain('\u001b', r.Out + r.Error);

    [Fact]
    public async Task Queues_ShowsDepthPerRouteAndPriority_ScheduledProcessingDead()
    {
        var text = await D.RunAsync("queues");
        Assert.Equal(0, text.ExitCode);
        NoAnsi(text);
        Assert.Empty(text.Error);
        Assert.Matches(@"\| idle\s+\|\s+1 \|\s+2 \|\s+1 \|\s+4 \|\s+0 \|", text.Out);
        Assert.Matches(@"\| work\s+\|\s+0 \|\s+0 \|\s+0 \|\s+0 \|\s+2 \|", text.Out);
        Assert.Contains("Pending: 4  Scheduled: 1  Processing: 1  Dead: 2", text.Out);
        Assert.Contains("Paused routes: none", text.Out);

        var json = (await D.RunAsync("queues", "--json")).Json();
        Assert.Equal(["route", "high", "normal", "low", "pending", "dead", "paused"], json.GetProperty("routes")[0].EnumerateObject().Select(p => p.Name));
        var idle = json.GetProperty("routes").EnumerateArray().Single(r => r.GetProperty("route").GetString() == "idle");
        Assert.Equal((1, 2, 1, 4, false), (idle.GetProperty("high").GetInt32(), idle.GetProperty("normal").GetInt32(), idle.GetProperty("low").GetInt32(),
            idle.GetProperty("pending").GetInt32(), idle.GetProperty("paused").GetBoolean()));
        Assert.Equal(4, json.GetProperty("pending").GetInt32());
        Assert.Equal(1, json.GetProperty("scheduled").GetInt32());
        Assert.Equal(1, json.GetProperty("processing").GetInt32());
        Assert.Equal(2, json.GetProperty("dead").GetInt32());
        Assert.Equal(0, json.GetProperty("paused").GetArrayLength());
    }

    [Fact]
    public async Task Jobs_Pending_InFetchOrder_PagedWithThePrintedCursor()
    {
        var first = (await D.RunAsync("jobs", "pending", "--route", "idle", "--limit", "3", "--json")).Json();
        Assert.Equal("pending", first.GetProperty("state").GetString());
        Assert.Equal([seeded.PendingHigh.Value, seeded.PendingNormalOk.Value, seeded.PendingNormalOther.Value], Ids(first.GetProperty("jobs")));
        var cursor = first.GetProperty("next_cursor").GetString();
        Assert.NotNull(cursor);

        var text = await D.RunAsync("jobs", "pending", "--route", "idle", "--limit", "3");
        Assert.Contains($"Next cursor: {cursor}", text.Out);
        Assert.Contains($"bananas jobs pending --route idle --limit 3 --cursor {cursor}", text.Out);

        var second = (await D.RunAsync("jobs", "pending", "--route", "idle", "--limit", "3", "--cursor", cursor!, "--json")).Json();
        Assert.Equal([seeded.PendingLow.Value], Ids(second.GetProperty("jobs")));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        var last = await D.RunAsync("jobs", "pending", "--route", "idle", "--limit", "3", "--cursor", cursor!);
        Assert.Contains("Next cursor: none (end of the listing).", last.Out);
    }

    [Fact]
    public async Task Jobs_Pending_ByPriority_AndByTask()
    {
        var low = (await D.RunAsync("jobs", "pending", "--route", "idle", "--priority", "low", "--json")).Json();
        Assert.Equal([seeded.PendingLow.Value], Ids(low.GetProperty("jobs")));
        var other = (await D.RunAsync("jobs", "pending", "--task", "other", "--json")).Json();
        Assert.Equal([seeded.PendingNormalOther.Value], Ids(other.GetProperty("jobs")));
        Assert.True(other.GetProperty("scanned").GetInt32() >= 1);
    }

    [Theory]
    [InlineData("scheduled")]
    [InlineData("processing")]
    [InlineData("dead")]
    [InlineData("completed")]
    [InlineData("failed")]
    public async Task Jobs_EachState_ListsItsJobs_WithTheDocumentedShape(string state)
    {
        var json = (await D.RunAsync("jobs", state, "--json")).Json();
        Assert.Equal(state, json.GetProperty("state").GetString());
        var expected = state switch
        {
            "scheduled" => [seeded.Scheduled.Value],
            "processing" => [seeded.Processing.Value],
            "completed" => seeded.Completed.Select(i => i.Value).ToArray(),
            _ => seeded.Dead.Select(i => i.Value).ToArray(),
        };
        Assert.Equal(expected.Order(), Ids(json.GetProperty("jobs")).Order());
        var item = json.GetProperty("jobs")[0];
        Assert.Equal(
            ["id", "task", "status", "route", "priority", "attempts", "max_retries", "timeout_ms", "payload", "error", "error_type", "description", "worker_id",
             "created_at", "updated_at", "scheduled_for", "started_at", "completed_at", "due_at", "lease_deadline", "finished_at", "waiting_since",
             "progress", "progress_at"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["state", "jobs", "next_cursor", "scanned"], json.EnumerateObject().Select(p => p.Name));
        switch (state)
        {
            case "scheduled": Assert.Equal(JsonValueKind.String, item.GetProperty("due_at").ValueKind); break;
            case "processing":
                Assert.Equal(JsonValueKind.String, item.GetProperty("lease_deadline").ValueKind);
                Assert.StartsWith("cli-test-worker-", item.GetProperty("worker_id").GetString());
                break;
            case "completed": Assert.Equal(JsonValueKind.String, item.GetProperty("finished_at").ValueKind); break;
            default:
                Assert.Equal("boom: the input was rejected", item.GetProperty("error").GetString());
                Assert.Equal("failed", item.GetProperty("status").GetString());
                break;
        }

        var text = await D.RunAsync("jobs", state);
        Assert.Equal(0, text.ExitCode);
        NoAnsi(text);
        foreach (var id in expected) Assert.Contains(id, text.Out);
    }

    [Fact]
    public async Task Jobs_Processing_ShowsTheProgress_InAColumnAndInTheJson()
    {
        await Deployment.WaitUntilAsync(async () => (await D.Admin.GetJobAsync(seeded.Processing))?.Job.Progress == "42", "the slow job's progress report");
        var item = (await D.RunAsync("jobs", "processing", "--json")).Json().GetProperty("jobs")[0];
        Assert.Equal(seeded.Processing.Value, item.GetProperty("id").GetString());
        Assert.Equal(42, item.GetProperty("progress").GetInt32());
        Assert.Equal(JsonValueKind.String, item.GetProperty("progress_at").ValueKind);

        var text = await D.RunAsync("jobs", "processing");
        Assert.Equal(0, text.ExitCode);
        NoAnsi(text);
        Assert.Matches(@"\|\s*PROGRESS\s*\|", text.Out);
        Assert.Matches(seeded.Processing.Value + @".*\|\s*42\s*\|", text.Out);

        // No job in the listing has reported: no column, and the field is null.
        var completed = await D.RunAsync("jobs", "completed");
        Assert.Equal(0, completed.ExitCode);
        Assert.DoesNotContain("PROGRESS", completed.Out);
        var done = (await D.RunAsync("jobs", "completed", "--json")).Json().GetProperty("jobs")[0];
        Assert.Equal(JsonValueKind.Null, done.GetProperty("progress").ValueKind);
        Assert.Equal(JsonValueKind.Null, done.GetProperty("progress_at").ValueKind);
    }

    [Fact]
    public async Task Jobs_EmptyListing_SaysSo()
    {
        var text = await D.RunAsync("jobs", "pending", "--route", "nobody");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("No pending jobs.", text.Out);
    }

    [Theory]
    [InlineData("bogus", "", "Argument 'bogus' not recognized")]
    [InlineData("pending", "--limit=0", "--limit is 0; expected 1 to 1000")]
    [InlineData("pending", "--limit=abc", "abc")]
    [InlineData("pending", "--route=bad route", "Invalid --route 'bad route'")]
    [InlineData("pending", "--priority=urgent", "urgent")]
    [InlineData("pending", "--cursor=not-a-cursor", "cursor")]
    [InlineData("pending", "--frobnicate", "--frobnicate")]
    public async Task Jobs_BadArguments_AreUsageErrors_InOneLine(string state, string option, string expected)
    {
        string[] args = option.Length == 0 ? ["jobs", state] : ["jobs", state, option];
        var r = await D.RunAsync(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Out);
        Assert.Contains(expected, r.Error);
        Assert.Single(r.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Job_Completed_ShowsRecordResultAndTimeline()
    {
        var id = seeded.Completed[1].Value;
        var text = await D.RunAsync("job", id);
        Assert.Equal(0, text.ExitCode);
        NoAnsi(text);
        Assert.Contains(id, text.Out);
        Assert.Matches(@"Status\s+completed", text.Out);
        Assert.Matches(@"Attempts\s+1 of 4 \(max retries 3\)", text.Out);
        Assert.Matches(@"Result\s+\{""echo"":\{""i"":1\}\}", text.Out);
        Assert.Contains("| enqueued", text.Out);
        Assert.Contains("| started", text.Out);
        Assert.Contains("| completed", text.Out);

        var json = (await D.RunAsync("job", id, "--json")).Json();
        Assert.Equal(["job", "result", "lease_deadline", "timeline"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("completed", json.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("job").GetProperty("progress").ValueKind); // never reported
        Assert.Equal(1, json.GetProperty("job").GetProperty("payload").GetProperty("i").GetInt32());
        var result = json.GetProperty("result");
        Assert.Equal(["status", "result", "error", "error_type", "completed_at", "duration_ms"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, result.GetProperty("result").GetProperty("echo").GetProperty("i").GetInt32());
        var events = json.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToArray();
        Assert.Equal("enqueued", events[0]);
        Assert.Contains("started", events);
        Assert.Equal("completed", events[^1]);
        Assert.Equal(["at", "event", "detail"], json.GetProperty("timeline")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Job_Dead_ShowsTheError_AndProcessing_ShowsTheLease()
    {
        var dead = await D.RunAsync("job", seeded.Dead[0].Value);
        Assert.Equal(0, dead.ExitCode);
        Assert.Matches(@"Error\s+System.InvalidOperationException: boom: the input was rejected|Error\s+InvalidOperationException: boom: the input was rejected", dead.Out);
        Assert.Contains("| failed", dead.Out);
        var json = (await D.RunAsync("job", seeded.Dead[0].Value, "--json")).Json();
        Assert.Equal("boom: the input was rejected", json.GetProperty("result").GetProperty("error").GetString());

        var processing = (await D.RunAsync("job", seeded.Processing.Value, "--json")).Json();
        Assert.Equal("processing", processing.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, processing.GetProperty("lease_deadline").ValueKind);
        Assert.Equal(JsonValueKind.Null, processing.GetProperty("result").ValueKind);

        await Deployment.WaitUntilAsync(async () => (await D.Admin.GetJobAsync(seeded.Processing))?.Job.Progress == "42", "the slow job's progress report");
        var reported = (await D.RunAsync("job", seeded.Processing.Value, "--json")).Json().GetProperty("job");
        Assert.Equal(42, reported.GetProperty("progress").GetInt32());
        Assert.Equal(JsonValueKind.String, reported.GetProperty("progress_at").ValueKind);
        Assert.Equal(["progress", "progress_at"], reported.EnumerateObject().Select(p => p.Name).TakeLast(2));
        var text = await D.RunAsync("job", seeded.Processing.Value);
        Assert.Matches(@"Progress\s+42 \(at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)", text.Out);
        Assert.DoesNotMatch(@"Progress\s", (await D.RunAsync("job", seeded.Completed[1].Value)).Out); // never reported
    }

    [Fact]
    public async Task Job_UnknownId_IsNotFound_BadId_IsUsage()
    {
        var missing = Guid.NewGuid().ToString("D");
        var r = await D.RunAsync("job", missing);
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Out);
        Assert.Equal($"No job '{missing}' under prefix '{D.Prefix}': it never existed, or its record expired after it finished.", r.Error.TrimEnd());
        Assert.Equal(1, (await D.RunAsync("job", missing, "--json")).ExitCode);

        var bad = await D.RunAsync("job", "has space");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Invalid job id 'has space'", bad.Error);
        Assert.Equal(2, (await D.RunAsync("job")).ExitCode);
    }

    [Fact]
    public async Task DeadList_AndShow()
    {
        var list = (await D.RunAsync("dead", "list", "--route", "work", "--json")).Json();
        Assert.Equal("dead", list.GetProperty("state").GetString());
        Assert.Equal(seeded.Dead.Select(i => i.Value).Order(), Ids(list.GetProperty("jobs")).Order());
        var text = await D.RunAsync("dead", "list");
        Assert.Contains("boom: the input was rejected", text.Out);
        Assert.Contains("2 dead jobs.", text.Out);

        var show = await D.RunAsync("dead", "show", seeded.Dead[1].Value);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains(seeded.Dead[1].Value, show.Out);
        var showJson = (await D.RunAsync("dead", "show", seeded.Dead[1].Value, "--json")).Json();
        Assert.Equal("failed", showJson.GetProperty("job").GetProperty("status").GetString());

        var notDead = await D.RunAsync("dead", "show", seeded.Completed[0].Value);
        Assert.Equal(1, notDead.ExitCode);
        Assert.Equal($"Job '{seeded.Completed[0].Value}' is not dead: its status is completed.", notDead.Error.TrimEnd());
        Assert.Equal(1, (await D.RunAsync("dead", "show", Guid.NewGuid().ToString())).ExitCode);
    }

    [Fact]
    public async Task Workers_ListsTheLiveWorker()
    {
        var json = (await D.RunAsync("workers", "--json")).Json();
        var worker = Assert.Single(json.GetProperty("workers").EnumerateArray());
        Assert.Equal(["id", "host", "pid", "routes", "concurrency", "in_flight", "started_at", "last_heartbeat"], worker.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("cli-test-worker-", worker.GetProperty("id").GetString());
        Assert.Equal(Environment.ProcessId, worker.GetProperty("pid").GetInt32());
        Assert.Equal(["work"], worker.GetProperty("routes").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(4, worker.GetProperty("concurrency").GetInt32());

        var text = await D.RunAsync("workers");
        Assert.Contains(worker.GetProperty("id").GetString()!, text.Out);
        Assert.Contains("1 live worker.", text.Out);
        Assert.Matches(@"\d+(ms|s|\.\d+s) ago", text.Out);
    }

    [Fact]
    public async Task Stats_CountsProcessedAndFailed_PerRoute_PerMinute_PerDay()
    {
        var json = (await D.RunAsync("stats", "--days", "3", "--json")).Json();
        Assert.Equal(["days", "total", "routes"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, json.GetProperty("days").GetInt32());
        var total = json.GetProperty("total");
        Assert.Equal(["route", "last_hour_processed", "last_hour_failed", "minutes", "days"], total.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, total.GetProperty("route").ValueKind);
        Assert.Equal(60, total.GetProperty("minutes").GetArrayLength());
        Assert.Equal(3, total.GetProperty("days").GetArrayLength());
        Assert.Equal(["start", "processed", "failed"], total.GetProperty("minutes")[0].EnumerateObject().Select(p => p.Name));
        Assert.True(total.GetProperty("last_hour_processed").GetInt64() >= 5);
        Assert.True(total.GetProperty("last_hour_failed").GetInt64() >= 2);
        var work = json.GetProperty("routes").EnumerateArray().Single(r => r.GetProperty("route").GetString() == "work");
        Assert.True(work.GetProperty("days")[2].GetProperty("processed").GetInt64() >= 5);
        var idle = json.GetProperty("routes").EnumerateArray().Single(r => r.GetProperty("route").GetString() == "idle");
        Assert.Equal(0, idle.GetProperty("last_hour_processed").GetInt64());

        var text = await D.RunAsync("stats", "--route", "work");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Last hour per minute (route 'work'; minutes without executions left out):", text.Out);
        Assert.Contains("Per day (route 'work'):", text.Out);
        Assert.Matches(@"\| work\s+\|\s+[5-9]\d* \|\s+[2-9]\d* \|", text.Out);

        Assert.Equal(2, (await D.RunAsync("stats", "--days", "0")).ExitCode);
        Assert.Equal(2, (await D.RunAsync("stats", "--days", "91")).ExitCode);
    }

    [Fact]
    public async Task Schedules_ShowNextAndLastOccurrence_AndTheLastJob()
    {
        var json = (await D.RunAsync("schedules", "--json")).Json();
        var s = Assert.Single(json.GetProperty("schedules").EnumerateArray());
        Assert.Equal(["name", "next_occurrence", "last_occurrence", "last_job_id", "last_job_status", "run_count"], s.EnumerateObject().Select(p => p.Name));
        Assert.Equal("nightly", s.GetProperty("name").GetString());
        Assert.Equal("2026-01-02T02:00:00.0000000Z", s.GetProperty("next_occurrence").GetString());
        Assert.Equal("2026-01-01T02:00:00.0000000Z", s.GetProperty("last_occurrence").GetString());
        Assert.Equal(seeded.Completed[0].Value, s.GetProperty("last_job_id").GetString());
        Assert.Equal("completed", s.GetProperty("last_job_status").GetString());
        Assert.Equal(1, s.GetProperty("run_count").GetInt64());

        var text = await D.RunAsync("schedules");
        Assert.Matches(@"\| nightly\s+\| 2026-01-02 02:00:00Z \| 2026-01-01 02:00:00Z \| " + seeded.Completed[0].Value + @" \| completed\s+\|\s+1 \|", text.Out);
    }

    [Fact]
    public async Task TextOutput_IsPlainAscii_WhenRedirected()
    {
        foreach (var args in new[] { new[] { "queues" }, ["jobs", "dead"], ["workers"], ["stats"], ["schedules"], ["job", seeded.Completed[0].Value] })
        {
            var r = await D.RunAsync(args);
            Assert.Equal(0, r.ExitCode);
            NoAnsi(r);
            Assert.DoesNotContain("┌", r.Out);
            Assert.Contains("+-", r.Out);
        }
    }
}
