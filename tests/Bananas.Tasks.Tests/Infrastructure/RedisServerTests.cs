namespace Bananas.Tasks.Tests.Infrastructure;

public class RedisServerTests
{
    [Fact]
    public async Task The_shared_server_answers_and_keeps_written_keys()
    {
        var server = await RedisServer.GetAsync();
        var db = server.Connection.GetDatabase();
        var key = RedisServer.NewPrefix() + ":probe";
        await db.StringSetAsync(key, "yes");
        Assert.Equal("yes", (string?)await db.StringGetAsync(key));
        Assert.NotEqual(RedisServer.NewPrefix(), RedisServer.NewPrefix());
    }
}
