using Bananas.Tasks.Engine;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Tests.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Tests.Hosting;

/// <summary>
/// Which engine a host ends up with when nothing names one: in Production that is an error at start-up,
/// elsewhere the in-memory engine with a Warning.
/// </summary>
public class EngineChoiceTests
{
    private const string ProductionError =
        "Bananas has no queue engine in the Production environment: no Redis is configured (REDIS_URL or Bananas:RedisUrl) " +
        "and the in-memory engine, which loses every job when the process stops, was not chosen. Set REDIS_URL (such as " +
        "redis://localhost:6379) to use Redis, or call UseInMemory() on AddBananas() to keep jobs in this process on purpose.";

    private const string FallbackWarning =
        "Bananas is using the in-memory engine because no Redis is configured (REDIS_URL or Bananas:RedisUrl): jobs live in " +
        "this process only and are lost when it stops. Set REDIS_URL to use Redis, or call UseInMemory() to choose the " +
        "in-memory engine on purpose.";

    private static (IHost Host, CapturingLoggerProvider Logs) Build(string environment, Action<IServiceCollection> configure, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings ?? new());
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        configure(builder.Services);
        return (builder.Build(), logs);
    }

    /// <summary>The lines that say which engine Bananas uses.</summary>
    private static string[] BananasLines(CapturingLoggerProvider logs, LogLevel level) =>
        logs.Lines.Where(l => l.Level == level && l.Message.StartsWith("Bananas is using", StringComparison.Ordinal)).Select(l => l.Message).ToArray();

    [Fact]
    public async Task In_Production_without_Redis_or_an_explicit_choice_start_up_fails_saying_how_to_choose()
    {
        var (host, _) = Build(Environments.Production, s => s.AddBananas().AddWorker());
        using (host)
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
            Assert.Equal(ProductionError, ex.Message);
        }
    }

    [Fact]
    public async Task The_Production_error_names_the_section_passed_to_AddBananas()
    {
        var (host, _) = Build(Environments.Production, s => s.AddBananas(new ConfigurationBuilder().AddInMemoryCollection().Build().GetSection("Jobs")));
        using (host)
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
            Assert.Equal(ProductionError.Replace("Bananas:RedisUrl", "Jobs:RedisUrl", StringComparison.Ordinal), ex.Message);
        }
    }

    [Fact]
    public async Task In_Production_an_explicit_UseInMemory_starts_and_logs_the_engine_as_Information()
    {
        var (host, logs) = Build(Environments.Production, s => s.AddBananas().UseInMemory().AddWorker());
        using (host)
        {
            await host.StartAsync();
            Assert.IsType<InMemoryQueueEngine>(host.Services.GetRequiredService<IQueueEngine>());
            await host.StopAsync();
        }
        Assert.Equal(["Bananas is using the in-memory engine"], BananasLines(logs, LogLevel.Information));
        Assert.Empty(BananasLines(logs, LogLevel.Warning));
    }

    [Fact]
    public async Task In_Production_an_engine_of_your_own_starts()
    {
        var engine = new InMemoryQueueEngine();
        var (host, _) = Build(Environments.Production, s => s.AddBananas().UseEngine(_ => engine));
        using (host)
        {
            await host.StartAsync();
            Assert.Same(engine, host.Services.GetRequiredService<IQueueEngine>());
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Staging")]
    public async Task Elsewhere_the_in_memory_fallback_starts_with_a_Warning_and_no_Information_line(string environment)
    {
        var (host, logs) = Build(environment, s => s.AddBananas().AddWorker());
        using (host)
        {
            await host.StartAsync();
            Assert.IsType<InMemoryQueueEngine>(host.Services.GetRequiredService<IQueueEngine>());
            await host.StopAsync();
        }
        Assert.Equal([FallbackWarning], BananasLines(logs, LogLevel.Warning));
        Assert.Empty(BananasLines(logs, LogLevel.Information));
    }

    [Fact]
    public async Task The_fallback_warning_names_the_section_passed_to_AddBananas()
    {
        var (host, logs) = Build(Environments.Development, s => s.AddBananas(new ConfigurationBuilder().AddInMemoryCollection().Build().GetSection("Jobs")));
        using (host)
        {
            await host.StartAsync();
            await host.StopAsync();
        }
        Assert.Equal([FallbackWarning.Replace("Bananas:RedisUrl", "Jobs:RedisUrl", StringComparison.Ordinal)], BananasLines(logs, LogLevel.Warning));
    }

    [Fact]
    public void In_Production_REDIS_URL_picks_the_Redis_engine()
    {
        var (host, _) = Build(Environments.Production, s => s.AddBananas(), new() { ["REDIS_URL"] = "redis://127.0.0.1:1" });
        using (host) Assert.IsType<Bananas.Tasks.Redis.RedisQueueEngine>(host.Services.GetRequiredService<IQueueEngine>());
    }

    [Fact]
    public async Task Without_a_host_environment_the_fallback_is_the_in_memory_engine_with_the_Warning()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddBananas();
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<InMemoryQueueEngine>(provider.GetRequiredService<IQueueEngine>());
        Assert.Equal([FallbackWarning], BananasLines(logs, LogLevel.Warning));
    }
}
