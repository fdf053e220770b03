using Bananas.Tasks.Client;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bananas.Tasks.Tests.Hosting;

/// <summary>The three AddBananas forms a .NET user expects: none, an Action, a configuration section.</summary>
public class AddBananasOverloadTests
{
    private static HostApplicationBuilder NewBuilder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static BananasOptions Options(IHost host) => host.Services.GetRequiredService<IOptions<BananasOptions>>().Value;

    [Fact]
    public void Without_arguments_the_Bananas_section_is_read()
    {
        var builder = NewBuilder(new() { ["Bananas:Prefix"] = "shop", ["Bananas:ResultTtl"] = "48h", ["Bananas:MaxPayloadBytes"] = "4096" });
        builder.Services.AddBananas();
        using var host = builder.Build();
        Assert.Equal("shop", Options(host).Prefix);
        Assert.Equal(TimeSpan.FromHours(48), Options(host).ResultTtl);
        Assert.Equal(4096, Options(host).MaxPayloadBytes);
    }

    [Fact]
    public void An_action_runs_after_configuration_and_wins()
    {
        var builder = NewBuilder(new() { ["MAX_RETRIES"] = "9", ["Bananas:Prefix"] = "shop" });
        builder.Services.AddBananas(o => o.DefaultMaxRetries = 1);
        using var host = builder.Build();
        Assert.Equal(1, Options(host).DefaultMaxRetries);
        Assert.Equal("shop", Options(host).Prefix);
    }

    [Fact]
    public void A_section_is_read_in_place_of_the_Bananas_section_and_feeds_the_worker()
    {
        var builder = NewBuilder(new()
        {
            ["Bananas:Prefix"] = "ignored",
            ["Jobs:Prefix"] = "jobs",
            ["Jobs:MaxRetries"] = "7",
            ["Jobs:ResultTtl"] = "90m",
            ["Jobs:Worker:RoutingKeys"] = "gpu,default",
            ["Jobs:Worker:Concurrency"] = "3",
            ["Jobs:Worker:JobTimeout"] = "45s",
        });
        builder.Services.AddBananas(builder.Configuration.GetSection("Jobs")).UseInMemory().AddWorker();
        using var host = builder.Build();
        Assert.Equal("jobs", Options(host).Prefix);
        Assert.Equal(7, Options(host).DefaultMaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(90), Options(host).ResultTtl);
        var worker = host.Services.GetRequiredService<IOptions<BananasWorkerOptions>>().Value;
        Assert.Equal(["gpu", "default"], worker.RoutingKeys);
        Assert.Equal(3, worker.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(45), worker.JobTimeout);
        // The client gets the section's defaults.
        var job = ((BananasClient)host.Services.GetRequiredService<IBananasClient>()).CreateJob("t", "{}", null);
        Assert.Equal(7, job.MaxRetries);
    }

    [Fact]
    public void Environment_variables_win_over_the_section()
    {
        var builder = NewBuilder(new() { ["MAX_RETRIES"] = "2", ["Jobs:MaxRetries"] = "7", ["WORKER_CONCURRENCY"] = "5", ["Jobs:Worker:Concurrency"] = "3" });
        builder.Services.AddBananas(builder.Configuration.GetSection("Jobs")).UseInMemory().AddWorker();
        using var host = builder.Build();
        Assert.Equal(2, Options(host).DefaultMaxRetries);
        Assert.Equal(5, host.Services.GetRequiredService<IOptions<BananasWorkerOptions>>().Value.Concurrency);
    }

    [Fact]
    public async Task A_bad_value_in_a_section_is_named_by_its_path()
    {
        var builder = NewBuilder(new() { ["Jobs:ResultTtl"] = "forever", ["Jobs:Worker:Concurrency"] = "0" });
        builder.Services.AddBananas(builder.Configuration.GetSection("Jobs")).UseInMemory();
        using var host = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal("Jobs:ResultTtl='forever' is not valid: expected a positive Go duration such as 30s, 5m, 1h30m or 250ms (units ns, us, ms, s, m, h).", Assert.Single(ex.Failures));
    }

    [Fact]
    public void The_generated_validator_and_the_configuration_validator_are_both_registered_once()
    {
        var services = new ServiceCollection();
        services.AddBananas();
        services.AddBananas(o => o.Prefix = "x");
        services.AddBananas(new ConfigurationBuilder().Build());
        var validators = services.Where(d => d.ServiceType == typeof(IValidateOptions<BananasOptions>)).Select(d => d.ImplementationType).ToArray();
        Assert.Equal([typeof(BananasOptionsValidator), typeof(BananasConfigurationValidator)], validators);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var services = new ServiceCollection();
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => services.AddBananas((Action<BananasOptions>)null!)).ParamName);
        Assert.Equal("section", Assert.Throws<ArgumentNullException>(() => services.AddBananas((IConfiguration)null!)).ParamName);
    }
}
