using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Hosting;

/// <summary>Makes the host's client the default of the generated proxies' static methods while the host runs.</summary>
internal sealed partial class BananasClientActivator(IBananasClient client, IQueueEngine engine, ILogger<BananasClientActivator> logger, BananasEngineChoice? choice = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        BananasClient.Default = client;
        // The in-memory fallback has already said so, as a Warning, when the engine was built.
        if (choice?.FellBackToInMemory != true) LogEngine(logger, engine.Name);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (ReferenceEquals(BananasClient.Default, client)) BananasClient.Default = null;
        return Task.CompletedTask;
    }

    [LoggerMessage(20, LogLevel.Information, "Bananas is using the {Engine} engine")]
    private static partial void LogEngine(ILogger logger, string engine);
}

/// <summary>Whether the engine is the in-memory fallback (no Redis configured, no engine chosen), and what is said about it.</summary>
internal sealed partial class BananasEngineChoice
{
    /// <summary>True once the default engine factory fell back to the in-memory engine.</summary>
    public bool FellBackToInMemory { get; set; }

    /// <summary>The start-up failure of a Production process with no Redis and no explicit engine.</summary>
    public static string NoEngineInProduction(string environment, string redisUrlKey) =>
        $"Bananas has no queue engine in the {environment} environment: no Redis is configured (REDIS_URL or {redisUrlKey}) " +
        "and the in-memory engine, which loses every job when the process stops, was not chosen. Set REDIS_URL (such as " +
        "redis://localhost:6379) to use Redis, or call UseInMemory() on AddBananas() to keep jobs in this process on purpose.";

    [LoggerMessage(21, LogLevel.Warning, "Bananas is using the in-memory engine because no Redis is configured (REDIS_URL or {RedisUrlKey}): jobs live in this process only and are lost when it stops. Set REDIS_URL to use Redis, or call UseInMemory() to choose the in-memory engine on purpose.")]
    public static partial void LogInMemoryFallback(ILogger logger, string redisUrlKey);
}
