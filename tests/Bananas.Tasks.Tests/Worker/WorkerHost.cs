using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>A real generic host running the Bananas hosted worker on a given engine, for worker tests.</summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private WorkerHost(IHost host)
    {
        Host = host;
        Client = host.Services.GetRequiredService<IBananasClient>();
        Engine = host.Services.GetRequiredService<IQueueEngine>();
    }

    public IHost Host { get; }
    public IBananasClient Client { get; }
    public IQueueEngine Engine { get; }

    public static async Task<WorkerHost> StartAsync(IQueueEngine engine, Action<IBananasBuilder> tasks,
        Action<BananasWorkerOptions>? worker = null, TimeSpan? shutdownTimeout = null, Dictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (Environment.GetEnvironmentVariable("BANANAS_TEST_LOG") == "1")
            builder.Logging.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
        if (logs is not null) builder.Logging.AddProvider(logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(10));
        var bananas = builder.Services.AddBananas().UseEngine(_ => engine).AddWorker(o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(5);
            o.IdlePollInterval = TimeSpan.FromMilliseconds(500);
            o.MaintenanceInterval = TimeSpan.FromMilliseconds(100);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.RetryJitter = 0;
            o.TimeoutGrace = TimeSpan.FromMilliseconds(300);
            worker?.Invoke(o);
        });
        tasks(bananas);
        var host = builder.Build();
        await host.StartAsync();
        return new WorkerHost(host);
    }

    public BananasWorker Worker => Host.Services.GetServices<IHostedService>().OfType<BananasWorker>().Single();

    /// <summary>Waits until the job's record shows <paramref name="status"/>.</summary>
    public async Task<JobRecord> WaitForStatusAsync(JobId id, JobStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        JobRecord? job = null;
        while (DateTime.UtcNow < deadline)
        {
            job = await Engine.GetJobAsync(id);
            if (job?.Status == status) return job;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Job {id} did not reach {status}; last seen: {job?.Status.ToString() ?? "no record"} error={job?.Error}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }
}
