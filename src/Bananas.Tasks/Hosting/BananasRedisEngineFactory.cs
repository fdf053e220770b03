using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Hosting;

/// <summary>Builds the Redis engine for <c>REDIS_URL</c>.</summary>
internal static class BananasRedisEngineFactory
{
    public static IQueueEngine Create(IServiceProvider services, string redisUrl, QueueEngineOptions options) =>
        throw new InvalidOperationException($"REDIS_URL is set to '{redisUrl}', but this build of Bananas.Tasks has no Redis engine yet.");
}
