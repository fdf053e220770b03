using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Bananas.Tasks.Redis;
using StackExchange.Redis;

namespace Bananas.Tasks.Periodic;

/// <summary>Periodic-task registration on the Bananas builder.</summary>
public static class BananasBuilderPeriodicExtensions
{
    /// <summary>
    /// Registers a periodic task: every occurrence of <paramref name="cron"/> enqueues <paramref name="taskName"/> with
    /// the constant arguments <paramref name="payloadJson"/>, once across all scheduler instances. Also registers the
    /// <see cref="PeriodicScheduler"/> hosted service (once, however many schedules). Callable from generated code with
    /// constants: <c>builder.AddPeriodic("nightly-cleanup", "0 2 * * *", "cleanup", "{\"days\":30}", o =&gt; o.TimeZone = "Europe/Berlin")</c>.
    /// </summary>
    /// <param name="builder">The Bananas builder.</param>
    /// <param name="scheduleName">Unique schedule name: 1-100 characters of [A-Za-z0-9_.-].</param>
    /// <param name="cron">5-field or 6-field (seconds first) cron expression.</param>
    /// <param name="taskName">Task to enqueue.</param>
    /// <param name="payloadJson">Constant arguments, a JSON object. Default <c>{}</c>.</param>
    /// <param name="configure">Sets time zone, route, priority, policies.</param>
    /// <exception cref="ArgumentException">A part is invalid, or the schedule name is already registered.</exception>
    public static IBananasBuilder AddPeriodic(this IBananasBuilder builder, string scheduleName, string cron, string taskName, string payloadJson = "{}", Action<PeriodicTaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new PeriodicTaskOptions();
        configure?.Invoke(options);
        return builder.AddPeriodic(new PeriodicTaskDefinition(scheduleName, cron, taskName, payloadJson, options));
    }

    /// <summary>Registers a periodic task from a built definition, and the scheduler hosted service.</summary>
    /// <exception cref="ArgumentException">The schedule name is already registered.</exception>
    public static IBananasBuilder AddPeriodic(this IBananasBuilder builder, PeriodicTaskDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(definition);
        var existing = builder.Services
            .Where(d => d.ServiceType == typeof(PeriodicTaskDefinition) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance)
            .OfType<PeriodicTaskDefinition>()
            .FirstOrDefault(d => string.Equals(d.ScheduleName, definition.ScheduleName, StringComparison.Ordinal));
        if (existing is not null)
            throw new ArgumentException(
                $"Periodic schedule '{definition.ScheduleName}' is already registered ({existing}); cannot add ({definition}). Schedule names must be unique.",
                nameof(definition));

        builder.Services.AddSingleton(definition);
        builder.Services.TryAddSingleton(CreateScheduler);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PeriodicScheduler>(sp => sp.GetRequiredService<PeriodicScheduler>()));
        return builder;
    }

    /// <summary>
    /// Sets the cron store the scheduler uses (replacing any earlier choice). Without one, the scheduler uses a
    /// <see cref="RedisCronStore"/> when the engine is Redis and an <see cref="IConnectionMultiplexer"/> is registered,
    /// else a process-local <see cref="InMemoryCronStore"/>.
    /// </summary>
    public static IBananasBuilder UseCronStore(this IBananasBuilder builder, Func<IServiceProvider, ICronStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    private static PeriodicScheduler CreateScheduler(IServiceProvider services)
    {
        var engine = services.GetService<IQueueEngine>()
            ?? throw new InvalidOperationException(
                "Periodic tasks need a queue engine, and none is registered. Call services.AddBananas() (REDIS_URL picks Redis, else in-memory), or register an IQueueEngine, before building the host.");
        // AddBananas registers BananasOptions (prefix, MAX_RETRIES); a host that registers an engine by hand gets the defaults.
        var options = services.GetService<IOptions<BananasOptions>>()?.Value ?? new BananasOptions();
        return new PeriodicScheduler(
            services.GetServices<PeriodicTaskDefinition>(),
            engine,
            ResolveStore(services, engine, options),
            services.GetService<TimeProvider>(),
            services.GetService<ILogger<PeriodicScheduler>>(),
            options.DefaultMaxRetries);
    }

    /// <summary>
    /// The registered <see cref="ICronStore"/>; else, on the Redis engine, a <see cref="RedisCronStore"/> over the
    /// registered <see cref="IConnectionMultiplexer"/> with the engine's prefix and key layout; else null (a process-local store).
    /// </summary>
    private static ICronStore? ResolveStore(IServiceProvider services, IQueueEngine engine, BananasOptions options)
    {
        if (services.GetService<ICronStore>() is { } store) return store;
        if (RedisEngines.GlobalKeys(engine) is { } keys && services.GetService<IConnectionMultiplexer>() is { } shared) return new RedisCronStore(shared, keys);
        if (engine.Name == "redis" && services.GetService<IConnectionMultiplexer>() is { } redis) return new RedisCronStore(redis, options.Prefix, options.RedisLayout);
        return null;
    }
}
