namespace Bananas.Tasks.Cli.Tests;

/// <summary>The built executable in a child process: real stdout/stderr redirection, real stdin (closed), real exit codes.</summary>
public sealed class ProcessTests(SeededDeployment seeded) : IClassFixture<SeededDeployment>
{
    [Fact]
    public async Task Queues_AndJob_PrintTablesAndJson_WithoutAnsi()
    {
        var text = await seeded.D.RunProcessAsync("queues");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.DoesNotContain('\u001b', text.Out + text.Error);
        Assert.Contains("Pending: 4  Scheduled: 1  Processing: 1  Dead: 2", text.Out);

        var job = (await seeded.D.RunProcessAsync("job", seeded.Completed[0].Value, "--json")).Json();
        Assert.Equal("completed", job.GetProperty("job").GetProperty("status").GetString());
    }

    [Fact]
    public async Task NotFound_Exit1()
    {
        var r = await seeded.D.RunProcessAsync("job", Guid.NewGuid().ToString());
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Out);
        Assert.StartsWith("No job '", r.Error);
    }

    [Fact]
    public async Task Destructive_WithStdinNotATerminal_AndNoYes_Exit2_NothingChanged()
    {
        var r = await seeded.D.RunProcessAsync("dead", "purge");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("standard input is not a terminal, so pass --yes to confirm", r.Error);
        Assert.Equal(2, (await seeded.D.Admin.GetOverviewAsync()).Dead);
    }

    [Fact]
    public async Task Unreachable_Exit3_PasswordNeverShown()
    {
        var r = await Cli.RunProcessAsync("redis://ops:Pr0cess-Secret@127.0.0.1:1", "queues");
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("Cannot reach Redis at 127.0.0.1:1; check --redis or REDIS_URL and that Redis is running.", r.Error.TrimEnd());
        Assert.DoesNotContain("Pr0cess-Secret", r.Out + r.Error);

        var noRedis = await Cli.RunProcessAsync(null, "workers");
        Assert.Equal(2, noRedis.ExitCode);
        Assert.Contains("REDIS_URL", noRedis.Error);
    }
}
