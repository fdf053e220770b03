using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bananas.Tasks.Hosting;

/// <summary>Builds the Redis connection and engine for <c>REDIS_URL</c>.</summary>
internal static class BananasRedisEngineFactory
{
    /// <summary>
    /// The process's multiplexer for <see cref="BananasOptions.RedisUrl"/>. It does not wait for Redis: with
    /// AbortOnConnectFail off it keeps reconnecting in the background, so a worker started while Redis is down
    /// comes up and starts working when Redis does.
    /// </summary>
    public static IConnectionMultiplexer Connect(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<BananasOptions>>().Value;
        var url = options.RedisUrl ?? throw new InvalidOperationException(
            "A Redis connection was requested but no Redis is configured: set REDIS_URL (e.g. redis://localhost:6379) or Bananas:RedisUrl, or call UseRedis(url).");
        var configuration = RedisConnectionString.Parse(url);
        configuration.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(configuration);
    }

    public static IQueueEngine Create(IServiceProvider services) =>
        RedisEngines.Create(services.GetRequiredService<IConnectionMultiplexer>(), BananasServiceCollectionExtensions.EngineOptions(services));
}
