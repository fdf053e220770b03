using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Registration;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Bananas.Tasks.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Bananas.Tasks: engine, client, task registry and (with <c>AddWorker</c>) the hosted worker.</summary>
public static class BananasServiceCollectionExtensions
{
    /// <summary>
    /// Adds Bananas with its settings read from the Bananas environment variables (<c>REDIS_URL</c>, <c>MAX_RETRIES</c>,
    /// <c>RESULT_TTL</c>, …) and the <c>Bananas</c> configuration section. The engine is Redis when
    /// <see cref="BananasOptions.RedisUrl"/> is set, else the in-memory engine with a Warning — unless <c>UseEngine</c>/<c>UseInMemory</c>
    /// chooses one explicitly. In the Production host environment the fallback is refused: with no Redis and no explicit
    /// choice, start-up fails with a message saying how to choose. Invalid settings stop start-up (ValidateOnStart) with a message naming the setting, the
    /// value and the accepted form. Calling it again is harmless.
    /// </summary>
    public static IBananasBuilder AddBananas(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<BananasOptions>, BananasOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BananasOptions>, BananasOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BananasOptions>, BananasConfigurationValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<LoggerFilterOptions>, BananasLogLevelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ConsoleLoggerOptions>, BananasLogFormatSetup>());
        services.AddOptions<BananasOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConnectionMultiplexer>(BananasRedisEngineFactory.Connect);
        services.TryAddSingleton<BananasEngineChoice>();
        services.TryAddSingleton<IQueueEngine>(sp => CreateDefaultEngine(sp));
        services.TryAddSingleton<IBananasClient>(sp => new BananasClient(
            sp.GetRequiredService<IQueueEngine>(),
            ClientOptions(sp.GetRequiredService<IOptions<BananasOptions>>().Value),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Bananas.Tasks.Admin.IBananasAdmin>(sp => sp.GetRequiredService<IBananasClient>().Admin);
        services.TryAddSingleton(sp => new TaskRegistry(sp.GetServices<TaskRegistration>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BananasClientActivator>());
        return new BananasBuilder(services);
    }

    /// <summary>
    /// Adds Bananas (see <see cref="AddBananas(IServiceCollection)"/>), then applies <paramref name="configure"/>,
    /// which runs after configuration and the environment variables, so what it sets wins.
    /// </summary>
    public static IBananasBuilder AddBananas(this IServiceCollection services, Action<BananasOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddBananas();
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds Bananas (see <see cref="AddBananas(IServiceCollection)"/>) with its settings read from
    /// <paramref name="section"/> in place of the <c>Bananas</c> section: <c>RedisUrl</c>, <c>Prefix</c>,
    /// <c>MaxRetries</c>, <c>ResultTtl</c> (Go form such as <c>48h</c>), <c>MaxPayloadBytes</c>, and for
    /// <c>AddWorker()</c> the <c>Worker</c> child (<c>RoutingKeys</c>, <c>Concurrency</c>, <c>JobTimeout</c>). The
    /// environment variables still win over the section. Read by hand, without reflection: AOT-safe.
    /// </summary>
    /// <example><c>builder.Services.AddBananas(builder.Configuration.GetSection("Jobs"));</c></example>
    public static IBananasBuilder AddBananas(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = services.AddBananas();
        services.Replace(ServiceDescriptor.Singleton(new BananasConfigurationSection(section)));
        return builder;
    }

    /// <summary>Uses the in-memory engine regardless of <c>REDIS_URL</c> (tests, single-process apps).</summary>
    public static IBananasBuilder UseInMemory(this IBananasBuilder builder) =>
        builder.UseEngine(sp => new InMemoryQueueEngine(EngineOptions(sp)));

    /// <summary>Uses Redis at <paramref name="redisUrl"/> regardless of <c>REDIS_URL</c>.</summary>
    public static IBananasBuilder UseRedis(this IBananasBuilder builder, string redisUrl)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RedisConnectionString.Parse(redisUrl); // fail now, at registration, on a malformed URL
        builder.Services.Configure<BananasOptions>(o => o.RedisUrl = redisUrl);
        return builder.UseEngine(BananasRedisEngineFactory.Create);
    }

    /// <summary>Uses Redis through this multiplexer (owned by the caller).</summary>
    public static IBananasBuilder UseRedis(this IBananasBuilder builder, IConnectionMultiplexer connection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        builder.Services.RemoveAll<IConnectionMultiplexer>();
        builder.Services.AddSingleton(connection);
        return builder.UseEngine(BananasRedisEngineFactory.Create);
    }

    /// <summary>Uses the engine this factory builds.</summary>
    public static IBananasBuilder UseEngine(this IBananasBuilder builder, Func<IServiceProvider, IQueueEngine> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IQueueEngine>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>
    /// Adds the hosted worker. Options come from the <c>Bananas:Worker</c> section (the <c>Worker</c> child of the section
    /// passed to <c>AddBananas(section)</c>) and the env vars
    /// <c>WORKER_ROUTING_KEYS</c>, <c>WORKER_CONCURRENCY</c>, <c>WORKER_ROUTE_CONCURRENCY</c> (<c>image=2,email=10</c>),
    /// <c>JOB_TIMEOUT</c>; <paramref name="configure"/> runs last.
    /// Invalid values stop start-up with a message naming the variable, the value and the accepted form.
    /// </summary>
    public static IBananasBuilder AddWorker(this IBananasBuilder builder, Action<BananasWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<BananasWorkerOptionsSetup>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<BananasWorkerOptions>, BananasWorkerOptionsSetup>(sp => sp.GetRequiredService<BananasWorkerOptionsSetup>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BananasWorkerOptions>, BananasWorkerOptionsSetup>(sp => sp.GetRequiredService<BananasWorkerOptionsSetup>()));
        services.AddOptions<BananasWorkerOptions>().ValidateOnStart();
        if (configure is not null) services.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BananasWorker>());
        return builder;
    }

    private static BananasClientOptions ClientOptions(BananasOptions options) =>
        new() { DefaultMaxRetries = options.DefaultMaxRetries, MaxPayloadBytes = options.MaxPayloadBytes };

    internal static QueueEngineOptions EngineOptions(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<BananasOptions>>().Value;
        return new QueueEngineOptions { Prefix = options.Prefix, RedisLayout = options.RedisLayout, ResultTtl = options.ResultTtl, KeepCompleted = options.KeepCompleted, MaxPayloadBytes = options.MaxPayloadBytes, TimeProvider = sp.GetRequiredService<TimeProvider>() };
    }

    /// <summary>
    /// The engine when none was chosen (<c>UseInMemory</c>, <c>UseRedis</c>, <c>UseEngine</c>): Redis when a Redis URL is
    /// configured; else, in the Production host environment, a start-up failure saying how to choose; else the in-memory
    /// engine with a Warning.
    /// </summary>
    private static IQueueEngine CreateDefaultEngine(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<BananasOptions>>().Value;
        if (options.RedisUrl is not null) return BananasRedisEngineFactory.Create(sp);
        var redisUrlKey = BananasConfiguration.KeyPath(sp.GetService<BananasConfigurationSection>()?.Section, "RedisUrl");
        if (sp.GetService<IHostEnvironment>() is { } environment && environment.IsProduction())
            throw new InvalidOperationException(BananasEngineChoice.NoEngineInProduction(environment.EnvironmentName, redisUrlKey));
        sp.GetRequiredService<BananasEngineChoice>().FellBackToInMemory = true;
        if (sp.GetService<ILoggerFactory>() is { } loggers) BananasEngineChoice.LogInMemoryFallback(loggers.CreateLogger<BananasEngineChoice>(), redisUrlKey);
        return new InMemoryQueueEngine(EngineOptions(sp));
    }
}
