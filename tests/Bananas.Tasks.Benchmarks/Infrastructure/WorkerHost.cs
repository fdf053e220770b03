using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Registration;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// Builds the real hosted worker the way an application does: <c>AddBananas().UseEngine(…).AddGeneratedTasks().AddWorker(…)</c>,
/// on a Redis connection of its own. Logging: warnings and errors only, to the console.
/// </summary>
internal static class WorkerHost
{
    /// <summary>The key prefix every Bananas scenario uses (each run starts on a flushed server).</summary>
    public const string Prefix = "bench";

    public static IHost Build(IConnectionMultiplexer connection, Action<BananasWorkerOptions> configure, params (string Name, TaskInvoker Invoker)[] extraTasks) =>
        Build(connection, configure, removeCompleted: false, extraTasks);

    /// <summary>The same, with the engine deleting each completed job's record when <paramref name="removeCompleted"/> (<see cref="Retention"/>).</summary>
    public static IHost Build(IConnectionMultiplexer connection, Action<BananasWorkerOptions> configure, bool removeCompleted, params (string Name, TaskInvoker Invoker)[] extraTasks)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var bananas = builder.Services
            .AddBananas(o => o.Prefix = Prefix)
            .UseEngine(_ => CreateEngine(connection, removeCompleted))
            .AddGeneratedTasks()
            .AddWorker(o =>
            {
                o.WorkerId = $"bench:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
                configure(o);
            });
        foreach (var (name, invoker) in extraTasks) bananas.AddTask(name, invoker);
        return builder.Build();
    }

    /// <summary>An engine over <paramref name="connection"/> with the benchmark prefix; with <paramref name="removeCompleted"/>, completed records are deleted (<see cref="Retention"/>).</summary>
    public static RedisQueueEngine CreateEngine(IConnectionMultiplexer connection, bool removeCompleted = false)
    {
        var options = new QueueEngineOptions { Prefix = Prefix };
        if (removeCompleted) Retention.RemoveCompleted(options);
        return new RedisQueueEngine(connection, options);
    }
}
