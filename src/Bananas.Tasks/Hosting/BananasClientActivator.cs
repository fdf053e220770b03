using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Hosting;

/// <summary>Makes the host's client the default of the generated proxies' static methods while the host runs.</summary>
internal sealed partial class BananasClientActivator(IBananasClient client, IQueueEngine engine, ILogger<BananasClientActivator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        BananasClient.Default = client;
        LogEngine(logger, engine.Name);
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
