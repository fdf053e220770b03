using System.Text.Json.Serialization;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;

namespace Bananas.Tasks.Tests.Worker;

[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(ProgressStep))]
internal sealed partial class ProgressJsonContext : JsonSerializerContext;

internal sealed record ProgressStep(int Done, int Total, string Step);

/// <summary>Progress (issue 14, part 2) through a real worker: throttled writes, the last report stored before the outcome, watched by the client.</summary>
public abstract partial class WorkerTests
{
    [Fact]
    public async Task A_handlers_progress_reports_are_throttled_and_the_last_is_stored_before_the_job_completes()
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("counting", async ctx =>
        {
            var progress = ctx.CreateProgress(ProgressJsonContext.Default.ProgressStep);
            await go.Task.WaitAsync(ctx.CancellationToken);
            for (int i = 1; i <= 100; i++)
            {
                progress.Report(new ProgressStep(i, 100, i < 100 ? "working" : "done"));
                if (i % 10 == 0) await Task.Delay(30, ctx.CancellationToken);
            }
            return "\"ok\"";
        }));
        var id = await host.Client.EnqueueAsync("counting", "{}");
        var handle = new JobHandle(id, host.Client);
        await host.WaitForStatusAsync(id, JobStatus.Processing);

        var seen = new List<ProgressStep>();
        var watching = Task.Run(async () =>
        {
            await foreach (var step in handle.WatchProgressAsync(ProgressJsonContext.Default.ProgressStep).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token))
                seen.Add(step);
        });
        await Task.Delay(200); // the watcher subscribed
        go.SetResult();
        await watching.WaitAsync(TimeSpan.FromSeconds(20)); // ends when the job finishes

        var job = (await host.Engine.GetJobAsync(id))!;
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal("{\"Done\":100,\"Total\":100,\"Step\":\"done\"}", job.Progress);
        Assert.NotNull(job.ProgressAt);
        Assert.Equal(new ProgressStep(100, 100, "done"), await handle.GetProgressAsync(ProgressJsonContext.Default.ProgressStep));
        Assert.Equal(new ProgressStep(100, 100, "done"), seen[^1]);
        // about 300 ms of reports at one write per 250 ms: a few writes, not 100
        Assert.InRange(seen.Count, 1, 6);
        Assert.Equal(seen.Select(s => s.Done).Order(), seen.Select(s => s.Done));
    }

    [Fact]
    public async Task Watching_a_finished_job_yields_its_last_progress_and_ends()
    {
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("quick", ctx =>
        {
            var progress = ctx.CreateProgress(ProgressJsonContext.Default.Int32);
            progress.Report(1);
            progress.Report(2);
            return ValueTask.FromResult<string?>(null);
        }));
        var id = await host.Client.EnqueueAsync("quick", "{}");
        await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(15));
        var handle = new JobHandle(id, host.Client);

        var seen = new List<string>();
        await foreach (var json in handle.WatchProgressJsonAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
            seen.Add(json);

        Assert.Equal(["2"], seen);
        Assert.Equal("2", await handle.GetProgressJsonAsync());
        Assert.Empty(await ToListAsync(new JobHandle(JobId.New(), host.Client).WatchProgressJsonAsync())); // no record: ends at once
    }

    [Fact]
    public async Task A_progress_report_that_cannot_be_stored_is_logged_once_and_the_handler_runs_on()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await WorkerHost.StartAsync(await CreateEngineAsync(), b => b.AddTask("too_much", ctx =>
        {
            var progress = ctx.CreateProgress(ProgressJsonContext.Default.ProgressStep);
            for (int i = 0; i < 3; i++) progress.Report(new ProgressStep(i, 3, new string('x', ProgressRules.MaxBytes))); // over 4 KiB
            return ValueTask.FromResult<string?>("1");
        }), logs: logs);
        var id = await host.Client.EnqueueAsync("too_much", "{}");

        var result = await host.Client.WaitForResultAsync(id, TimeSpan.FromSeconds(15));

        Assert.Equal(JobStatus.Completed, result.Status);
        Assert.Null((await host.Engine.GetJobAsync(id))!.Progress);
        var warnings = logs.Lines.Where(l => l.Message.Contains(id.Value, StringComparison.Ordinal) && l.Message.Contains("progress report could not be stored", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
