using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Periodic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Bananas.Tasks.Tests.Periodic;

public class PeriodicRegistrationTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddPeriodic_RegistersEachDefinition_AndOneHostedScheduler()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBananas()
            .UseInMemory()
            .AddPeriodic("nightly-cleanup", "0 2 * * *", "cleanup", "{\"days\":30}", o => { o.TimeZone = "Europe/Berlin"; o.PreventOverlap = true; })
            .AddPeriodic("every-10s", "*/10 * * * * *", "tick");
        await using var provider = services.BuildServiceProvider();

        var scheduler = Assert.Single(provider.GetServices<IHostedService>().OfType<PeriodicScheduler>());
        Assert.Same(provider.GetRequiredService<PeriodicScheduler>(), scheduler);
        Assert.Equal(["nightly-cleanup", "every-10s"], scheduler.Definitions.Select(d => d.ScheduleName));
        var nightly = scheduler.Definitions[0];
        Assert.Equal(("Europe/Berlin", true, "{\"days\":30}"), (nightly.TimeZone.Id, nightly.PreventOverlap, nightly.PayloadJson));
        Assert.Equal("in-memory", scheduler.Store.Name);
    }

    [Fact]
    public void AddPeriodic_RejectsADuplicateScheduleName_AtRegistration()
    {
        var builder = new ServiceCollection().AddBananas().AddPeriodic("report", "0 * * * *", "report");
        var ex = Assert.Throws<ArgumentException>(() => builder.AddPeriodic("report", "30 * * * *", "other_report"));
        Assert.Contains("'report' is already registered", ex.Message);
    }

    [Fact]
    public void AddPeriodic_RejectsAnInvalidDefinition_AtRegistration()
    {
        var builder = new ServiceCollection().AddBananas();
        var ex = Assert.Throws<ArgumentException>(() => builder.AddPeriodic("report", "0 25 * * *", "report"));
        Assert.Contains("'0 25 * * *'", ex.Message);
    }

    [Fact]
    public async Task UseCronStore_IsWhatTheSchedulerUses()
    {
        var store = new InMemoryCronStore();
        var services = new ServiceCollection();
        services.AddBananas().UseInMemory().UseCronStore(_ => store).AddPeriodic("report", "0 * * * *", "report");
        await using var provider = services.BuildServiceProvider();
        Assert.Same(store, provider.GetRequiredService<PeriodicScheduler>().Store);
    }

    [Fact]
    public async Task OnTheRedisEngine_TheRedisCronStoreIsPicked_WithTheConfiguredPrefix()
    {
        var redis = await Infrastructure.RedisServer.GetAsync();
        var prefix = Infrastructure.RedisServer.NewPrefix();
        var time = new FakeTimeProvider(T0);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddBananas(o => o.Prefix = prefix).UseRedis(redis.Connection).AddPeriodic("report", "0 * * * *", "report");
        await using var provider = services.BuildServiceProvider();
        var scheduler = provider.GetRequiredService<PeriodicScheduler>();
        Assert.Equal("redis", scheduler.Store.Name);

        Assert.Equal(PeriodicFiringOutcome.Enqueued, Assert.Single((await scheduler.RunOnceAsync()).Firings).Outcome);
        var db = redis.Connection.GetDatabase();
        Assert.Equal("1", (string?)await db.HashGetAsync(prefix + ":cron:report", "run_count"));
        Assert.True(await db.KeyExistsAsync(prefix + ":job:" + PeriodicJobIds.For("report", T0).Value));
    }

    [Fact]
    public async Task WithoutAnEngine_ResolvingTheSchedulerSaysWhatToCall()
    {
        var services = new ServiceCollection();
        new BananasBuilder(services).AddPeriodic("report", "0 * * * *", "report");
        await using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<PeriodicScheduler>());
        Assert.Contains("AddBananas()", ex.Message);
        Assert.Contains("IQueueEngine", ex.Message);
    }

    [Fact]
    public async Task HostedScheduler_FiresOnTheHostsClock()
    {
        var time = new FakeTimeProvider(T0.AddSeconds(30));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddBananas(o => o.DefaultMaxRetries = 7).UseInMemory().AddPeriodic("every-minute", "* * * * *", "report");
        await using var provider = services.BuildServiceProvider();
        var scheduler = provider.GetRequiredService<PeriodicScheduler>();
        var engine = provider.GetRequiredService<IQueueEngine>();
        var id = PeriodicJobIds.For("every-minute", T0.AddMinutes(1));

        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            // Advance the fake clock in small steps until the loop, sleeping on it, wakes and fires 12:01.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await engine.GetJobAsync(id) is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the hosted scheduler did not fire 12:01 within 20 s of real time");
                if (time.GetUtcNow() < T0.AddMinutes(1).AddSeconds(30)) time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(20);
            }
            Assert.Null(await engine.GetJobAsync(PeriodicJobIds.For("every-minute", T0.AddMinutes(2))));
            Assert.Equal(7, (await engine.GetJobAsync(id))!.MaxRetries); // AddBananas's DefaultMaxRetries reaches periodic jobs
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }
}
