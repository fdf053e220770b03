using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Cli.Tests;

/// <summary>No Redis, unreachable Redis, rejected credentials, bad command lines: exit codes and one-sentence errors without passwords.</summary>
public sealed class ErrorTests
{
    private const string Password = "Sup3r-S3cret-pw";

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void OneSentence(CliResult r)
    {
        Assert.Single(r.Error.TrimEnd().Split('\n'));
        Assert.EndsWith(".", r.Error.TrimEnd());
    }

    [Fact]
    public async Task NoRedis_IsAUsageError_SayingHowToSetIt()
    {
        var r = await Cli.RunAsync(null, "queues");
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Out);
        Assert.Equal("No Redis to connect to: pass --redis redis://host:6379 or set the REDIS_URL environment variable.", r.Error.TrimEnd());
    }

    [Theory]
    [InlineData("queues")]
    [InlineData("jobs dead")]
    [InlineData("job 1b7e7c43-0000-4000-8000-000000000000")]
    [InlineData("dead list")]
    [InlineData("dead purge --yes")]
    [InlineData("enqueue ok")]
    [InlineData("workers")]
    [InlineData("pause x")]
    [InlineData("stats")]
    [InlineData("schedules")]
    public async Task UnreachableRedis_Exit3_AndThePasswordIsNeverShown(string command)
    {
        var port = ClosedPort();
        string[] args = [.. command.Split(' '), "--json"];
        foreach (var url in new[] { $"redis://admin:{Password}@127.0.0.1:{port}/0", $"127.0.0.1:{port},password={Password}", $"redis://:{Uri.EscapeDataString(Password + "/@")}@127.0.0.1:{port}" })
        {
            foreach (var r in new[] { await Cli.RunAsync(url, args), await Cli.RunAsync(null, [.. args, "--redis", url]) })
            {
                Assert.True(r.ExitCode == 3, r.ToString());
                Assert.Empty(r.Out);
                Assert.Equal($"Cannot reach Redis at 127.0.0.1:{port}; check --redis or REDIS_URL and that Redis is running.", r.Error.TrimEnd());
                Assert.DoesNotContain("S3cret", r.Out + r.Error);
            }
        }
    }

    [Fact]
    public async Task MalformedRedisUrl_IsAUsageError_WithoutThePassword()
    {
        var r = await Cli.RunAsync($"ftp://user:{Password}@host", "queues");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not usable", r.Error);
        Assert.DoesNotContain(Password, r.Error);
        OneSentence(r);

        var typo = await Cli.RunAsync(null, "queues", $"redis://user:{Password}@host:6379");
        Assert.Equal(2, typo.ExitCode);
        Assert.DoesNotContain(Password, typo.Error);
    }

    [Fact]
    public async Task RejectedCredentials_Exit3_AndThePasswordIsNeverShown()
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        using (var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true"))
            await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "requirepass", "the-right-one");

        foreach (var url in new[] { $"redis://:{Password}@127.0.0.1:{redis.Port}", $"redis://127.0.0.1:{redis.Port}" })
        {
            var r = await Cli.RunAsync(url, "queues");
            Assert.True(r.ExitCode == 3, r.ToString());
            Assert.Contains($"Redis at 127.0.0.1:{redis.Port} rejected", r.Error);
            Assert.Contains("check the user and password", r.Error);
            Assert.DoesNotContain(Password, r.Out + r.Error);
            OneSentence(r);
        }

        var ok = await Cli.RunAsync($"redis://:the-right-one@127.0.0.1:{redis.Port}", "queues", "--json");
        Assert.Equal(0, ok.ExitCode);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("")]
    [InlineData("dead")]
    [InlineData("dead explode")]
    [InlineData("queues --nope")]
    [InlineData("jobs")]
    [InlineData("enqueue")]
    [InlineData("queues --prefix=has{brace}")]
    public async Task BadCommandLines_AreUsageErrors(string command)
    {
        var r = await Cli.RunAsync("redis://127.0.0.1:1", command.Length == 0 ? [] : command.Split(' '));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Empty(r.Out);
        OneSentence(r);
    }

    [Fact]
    public async Task Help_Exits0_AndListsEveryCommand()
    {
        var r = await Cli.RunAsync(null, "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var command in new[] { "queues", "jobs", "job", "workflow", "dead", "enqueue", "workers", "pause", "resume", "stats", "schedules", "--redis", "--prefix", "--json" })
            Assert.Contains(command, r.Out);
        var dead = await Cli.RunAsync(null, "dead", "--help");
        foreach (var command in new[] { "list", "show", "requeue", "delete", "purge" }) Assert.Contains(command, dead.Out);
    }

    [Fact]
    public async Task UsageErrors_ComeBeforeAnyConnection()
    {
        // Redis is unreachable, yet a bad argument is reported as such (exit 2, not 3).
        var r = await Cli.RunAsync("redis://127.0.0.1:1", "job", "has space");
        Assert.Equal(2, r.ExitCode);
        var limit = await Cli.RunAsync("redis://127.0.0.1:1", "jobs", "pending", "--limit", "5000");
        Assert.Equal(2, limit.ExitCode);
    }
}
