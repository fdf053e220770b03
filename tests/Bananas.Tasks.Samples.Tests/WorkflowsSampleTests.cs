using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Samples.Tests;

/// <summary>samples/Workflows as its README runs it: the built dll, to completion, on the embedded engine and on Redis.</summary>
public sealed class WorkflowsSampleTests
{
    [Fact]
    public async Task Runs_its_chain_join_and_compensation_on_the_embedded_engine()
    {
        var output = await RunAsync(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Development" }); // as dotnet run with its launch settings
        Assert.Contains("Workflows: using the embedded in-memory engine", output);
        AssertTheStory(output);
    }

    [Fact]
    public async Task Runs_its_chain_join_and_compensation_on_redis()
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        var output = await RunAsync(new Dictionary<string, string?> { ["REDIS_URL"] = redis.Url });
        Assert.Contains("Workflows: using the redis engine from REDIS_URL.", output);
        AssertTheStory(output);
    }

    private static async Task<string> RunAsync(Dictionary<string, string?> environment)
    {
        await using var process = SampleProcess.Start("Workflows", [], environment);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(45)), $"Workflows did not end within 45 s:\n{process.Output}");
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{process.Output}");
        return process.Output;
    }

    private static void AssertTheStory(string output)
    {
        Assert.Contains("chain: https://img.example/cat-640.png at 640px, watermark '(c) bananas'", output);
        // the join gets the thumbnails in the group's order, whatever order they finished in
        Assert.Contains("join: album 'Holiday' with https://img.example/beach-320.png, https://img.example/sunset-320.png, https://img.example/boat-320.png", output);
        Assert.Contains("compensation: the invoice did not go out (JobCancelled)", output);
        Assert.Contains("worker: refund declined-co 4200 cents (compensation)", output);
        Assert.DoesNotContain("worker: invoice", output);
        Assert.Contains("compensation: workflow failed, steps: charge_customer failed, send_invoice failed, refund_customer completed", output);
        Assert.Matches(@"(?m)^done\.$", output);
    }
}
