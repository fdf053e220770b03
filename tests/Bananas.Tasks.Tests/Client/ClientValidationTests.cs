using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Tests.Client;

/// <summary>Bad client input is refused before any I/O and creates nothing in Redis.</summary>
public class ClientValidationTests
{
    public static TheoryData<string, string, string> BadEnqueues => new()
    {
        { "", "{}", "task name is empty" },
        { "has space", "{}", "whitespace" },
        { "ok", "[1,2]", "must be a JSON object" },
        { "ok", "{\"a\":", "not valid JSON" },
        { "ok", "{} {}", "not valid JSON" },
        { "ok", "\"text\"", "must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadEnqueues))]
    public async Task Bad_names_and_payloads_are_refused_with_a_clear_error_and_create_no_keys(string task, string payload, string expected)
    {
        var (client, server, prefix) = await RedisClientAsync();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync(task, payload));
        Assert.Contains(expected, ex.Message);
        Assert.Empty(await KeysAsync(server, prefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GP U")]
    [InlineData("gpu:high")]
    [InlineData("{gpu}")]
    [InlineData("é")]
    [InlineData("../x")]
    [InlineData("a*")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task Invalid_routes_are_refused_naming_the_route_and_the_form_and_create_no_keys(string route)
    {
        var (client, server, prefix) = await RedisClientAsync();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("ok", "{}", new JobOptions { Route = route }));
        Assert.Contains("[A-Za-z0-9_-]", ex.Message);
        Assert.Contains("'ok'", ex.Message);
        Assert.Empty(await KeysAsync(server, prefix));
    }

    [Fact]
    public async Task Oversized_payloads_are_refused_before_any_io()
    {
        var (_, server, prefix) = await RedisClientAsync();
        var client = new BananasClient(new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix }), new BananasClientOptions { MaxPayloadBytes = 100 });
        var fits = "{\"s\":\"" + new string('x', 100 - 8) + "\"}";
        Assert.Equal(100, System.Text.Encoding.UTF8.GetByteCount(fits));
        await client.EnqueueAsync("ok", fits);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("ok", "{\"s\":\"" + new string('x', 93) + "\"}"));
        Assert.Contains("101 bytes, over the 100-byte limit", ex.Message);
    }

    [Fact]
    public async Task Negative_retries_and_timeouts_are_refused()
    {
        var (client, _, _) = await RedisClientAsync();
        Assert.Contains("MaxRetries is -1", (await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("ok", "{}", new JobOptions { MaxRetries = -1 }))).Message);
        Assert.Contains("Timeout", (await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("ok", "{}", new JobOptions { Timeout = TimeSpan.Zero }))).Message);
        Assert.Contains("priority 7", (await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("ok", "{}", new JobOptions { Priority = (Priority)7 }))).Message);
    }

    /// <summary>One KEYS call (a SCAN walk of the shared test database is slow while other tests fill it).</summary>
    private static async Task<string[]> KeysAsync(RedisServer server, string prefix) =>
        (string[])(await server.Connection.GetDatabase().ExecuteAsync("KEYS", prefix + ":*"))!;

    private static async Task<(BananasClient Client, RedisServer Server, string Prefix)> RedisClientAsync()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        return (new BananasClient(new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix })), server, prefix);
    }
}
