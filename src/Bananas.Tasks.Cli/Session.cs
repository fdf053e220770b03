using Bananas.Tasks.Admin;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Redis;
using StackExchange.Redis;

namespace Bananas.Tasks.Cli;

/// <summary>One connected run: the public client, admin API and cron store over one Redis and prefix.</summary>
internal sealed class Session : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IQueueEngine _engine;

    private Session(RedisTarget target, string prefix, ConnectionMultiplexer connection, IQueueEngine engine, RedisKeyLayout layout)
    {
        Target = target;
        Prefix = prefix;
        _connection = connection;
        _engine = engine;
        Client = new BananasClient(engine);
        Admin = Client.Admin;
        Cron = new RedisCronStore(connection, prefix, layout);
    }

    public RedisTarget Target { get; }

    public string Prefix { get; }

    public IBananasClient Client { get; }

    public IBananasAdmin Admin { get; }

    public ICronStore Cron { get; }

    public IQueueEngine Engine => _engine;

    /// <summary>Connects; with no <paramref name="layout"/> given, the cluster layout on a Redis Cluster and the classic one elsewhere.</summary>
    public static async Task<Session> OpenAsync(RedisTarget target, string prefix, RedisKeyLayout? layout = null)
    {
        var connection = await target.ConnectAsync().ConfigureAwait(false);
        try
        {
            var chosen = layout ?? await RedisEngines.DetectLayoutAsync(connection, prefix).ConfigureAwait(false);
            return new Session(target, prefix, connection, RedisEngines.Create(connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = chosen }), chosen);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync().ConfigureAwait(false);
        await _connection.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
