using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Infrastructure;

/// <summary>
/// A Redis user restricted by ACL key rules, for the tests of refused commands (chaos cases B10.15-B10.17): the rules'
/// <c>{p}</c> is a fresh prefix; all commands and channels are allowed. The user is deleted afterwards.
/// </summary>
internal static class RedisAclUser
{
    /// <summary>Runs <paramref name="test"/> with a connection of a user limited to <paramref name="rules"/>, the owner's database and the prefix.</summary>
    public static async Task WithUserAsync(string[] rules, Func<ConnectionMultiplexer, IDatabase, string, Task> test)
    {
        var server = await RedisServer.GetAsync();
        var admin = server.Connection.GetDatabase();
        var prefix = RedisServer.NewPrefix();
        var user = "bt-acl-" + Guid.NewGuid().ToString("N")[..8];
        await admin.ExecuteAsync("ACL", ["SETUSER", user, "reset", "on", ">secret", "&*", "+@all", .. rules.Select(r => r.Replace("{p}", prefix))]);
        try
        {
            var options = ConfigurationOptions.Parse(server.Endpoint);
            options.User = user;
            options.Password = "secret";
            options.AbortOnConnectFail = false;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await test(connection, admin, prefix);
        }
        finally
        {
            await admin.ExecuteAsync("ACL", "DELUSER", user);
        }
    }
}
