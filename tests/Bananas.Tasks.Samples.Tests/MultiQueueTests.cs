using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Samples.Tests;

/// <summary>samples/MultiQueue as its README runs it: the built dll, to completion, on the embedded engine and on Redis.</summary>
public sealed class MultiQueueTests
{
    [Fact]
    public async Task Runs_to_done_on_the_embedded_engine_in_Development_with_the_dead_letter_triage()
    {
        var output = await RunAsync(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Development" });
        Assert.Contains("MultiQueue: using the embedded in-memory engine", output);
        AssertTheStory(output);
    }

    [Fact]
    public async Task Runs_to_done_on_redis_with_REDIS_URL()
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        var output = await RunAsync(new Dictionary<string, string?> { ["REDIS_URL"] = redis.Url, ["DOTNET_ENVIRONMENT"] = "Production" });
        Assert.Contains("MultiQueue: using Redis from REDIS_URL.", output);
        AssertTheStory(output);
    }

    [Fact]
    public async Task WORKER_ROUTE_CONCURRENCY_wins_over_appsettings()
    {
        var output = await RunAsync(new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["WORKER_ROUTE_CONCURRENCY"] = "notifications=2,reports=1",
        });
        Assert.Contains("route 'notifications': concurrency 2,", output);
        Assert.Contains("route 'customers': concurrency up to 32,", output);
        Assert.Matches(@"(?m)^notifications\s+2\s+16\s+[12]\s*$", output);
        Assert.Matches(@"(?m)^done\.$", output);
    }

    [Fact]
    public async Task Production_without_REDIS_URL_refuses_to_start_and_says_how_to_choose()
    {
        await using var process = SampleProcess.Start("MultiQueue", [], new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Production" });
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)), process.Output);
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("REDIS_URL", process.Output);
        Assert.DoesNotContain("done.", process.Output);
    }

    private static async Task<string> RunAsync(Dictionary<string, string?> environment)
    {
        await using var process = SampleProcess.Start("MultiQueue", [], environment);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(45)), $"MultiQueue did not end within 45 s:\n{process.Output}");
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{process.Output}");
        return process.Output;
    }

    private static void AssertTheStory(string output)
    {
        // per-route concurrency from appsettings.json, and every limit held
        Assert.Contains("route 'notifications': concurrency 10,", output);
        Assert.Contains("route 'reports': concurrency 1,", output);
        Assert.Matches(@"(?m)^reports\s+1\s+4\s+1\s*$", output);
        Assert.DoesNotContain("OVER THE LIMIT", output);
        // retries with backoff, then success
        Assert.Matches(@"send_sms phone=\+15550100: gateway timeout \(attempt 2 of 4, \d\.\d\d s after the last\), will retry", output);
        Assert.Contains("send_sms phone=+15550100 text=\"Your code is 1234\": sent (attempt 3 of 4", output);
        // dead letters: per-route view, delete the permanent failure, requeue the transient ones
        Assert.Contains("client: 33 completed, 4 dead (order_placed(104), order_shipped(101), order_shipped(102), order_shipped(103)), 0 unfinished", output);
        Assert.Contains("  orders: 4 dead", output);
        Assert.Matches(@"(?m)^  [0-9a-f-]{36}  order_placed\s+attempts=1  error=Bananas\.Tasks\.PermanentJobException: order 104 has no items$", output);
        Assert.Matches(@"(?m)^dlq: deleted [0-9a-f-]{36} \(order_placed: order 104 has no items\): gone$", output);
        Assert.Contains("dlq: requeued 3 order_shipped job(s) of route 'orders'", output);
        Assert.Contains("client: 3 of 3 requeued shipments completed", output);
        Assert.Contains("dead letter queue after the triage: orders=0, total 0", output);
        Assert.Equal("done.", output.TrimEnd().Split('\n')[^1].TrimEnd('\r'));
    }
}
