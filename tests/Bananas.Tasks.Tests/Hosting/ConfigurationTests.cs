using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Bananas.Tasks.Tests.Hosting;

public class ConfigurationTests
{
    private static IHost Build(Dictionary<string, string?> settings, Action<IBananasBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        var bananas = builder.Services.AddBananas().UseInMemory().AddWorker();
        configure?.Invoke(bananas);
        return builder.Build();
    }

    [Fact]
    public void Env_vars_configure_the_worker()
    {
        using var host = Build(new()
        {
            ["WORKER_ROUTING_KEYS"] = "gpu, default",
            ["WORKER_CONCURRENCY"] = "7",
            ["JOB_TIMEOUT"] = "1h30m",
        });
        var options = host.Services.GetRequiredService<IOptions<BananasWorkerOptions>>().Value;
        Assert.Equal(["gpu", "default"], options.RoutingKeys);
        Assert.Equal(7, options.Concurrency);
        Assert.Equal(TimeSpan.FromMinutes(90), options.JobTimeout);
    }

    [Fact]
    public void Max_retries_env_var_is_the_client_default()
    {
        using var host = Build(new() { ["MAX_RETRIES"] = "9" });
        Assert.Equal(9, host.Services.GetRequiredService<IOptions<BananasOptions>>().Value.DefaultMaxRetries);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("90s", 90)]
    [InlineData("1h", 3600)]
    public void Keep_completed_env_var_sets_the_retention_of_completed_jobs(string value, int seconds)
    {
        using var host = Build(new() { ["KEEP_COMPLETED"] = value });
        Assert.Equal(TimeSpan.FromSeconds(seconds), host.Services.GetRequiredService<IOptions<BananasOptions>>().Value.KeepCompleted);
    }

    [Theory]
    [InlineData("REDIS_LAYOUT", "cluster", RedisKeyLayout.Cluster)]
    [InlineData("REDIS_LAYOUT", " Classic ", RedisKeyLayout.Classic)]
    [InlineData("Bananas:RedisLayout", "Cluster", RedisKeyLayout.Cluster)]
    public void The_redis_layout_is_read_from_REDIS_LAYOUT_or_the_section(string variable, string value, RedisKeyLayout expected)
    {
        using var host = Build(new() { [variable] = value });
        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<BananasOptions>>().Value.RedisLayout);
        Assert.Equal(RedisKeyLayout.Classic, new BananasOptions().RedisLayout);
    }

    [Fact]
    public void Keep_completed_is_unset_by_default_so_the_result_ttl_applies()
    {
        using var host = Build(new());
        Assert.Null(host.Services.GetRequiredService<IOptions<BananasOptions>>().Value.KeepCompleted);
    }

    [Theory]
    [InlineData("WORKER_ROUTING_KEYS", "gpu,GP U", "WORKER_ROUTING_KEYS='gpu,GP U' is not valid", "[A-Za-z0-9_-]")]
    [InlineData("WORKER_ROUTING_KEYS", "", "WORKER_ROUTING_KEYS='' is not valid", "routing key is empty")]
    [InlineData("WORKER_CONCURRENCY", "lots", "WORKER_CONCURRENCY='lots' is not valid", "whole number from 1 to 10000")]
    [InlineData("WORKER_CONCURRENCY", "0", "WORKER_CONCURRENCY='0' is not valid", "whole number from 1 to 10000")]
    [InlineData("JOB_TIMEOUT", "30", "JOB_TIMEOUT='30' is not valid", "30s, 5m, 1h30m")]
    [InlineData("JOB_TIMEOUT", "5 minutes", "JOB_TIMEOUT='5 minutes' is not valid", "Go duration")]
    [InlineData("MAX_RETRIES", "-1", "MAX_RETRIES='-1' is not valid", "whole number from 0 to 1000")]
    [InlineData("LOG_LEVEL", "loud", "LOG_LEVEL='loud' is not valid", "debug, info, warn or error")]
    [InlineData("LOG_FORMAT", "xml", "LOG_FORMAT='xml' is not valid", "json or text")]
    [InlineData("REDIS_URL", "http://example", "REDIS_URL 'http://example' is not usable", "redis://")]
    [InlineData("REDIS_URL", "redis://:Sup3r-S3cret!@", "REDIS_URL 'redis://:***@' is not usable", "redis://")]
    public async Task An_invalid_value_stops_start_up_naming_the_variable_the_value_and_the_form(string variable, string value, string expected, string form)
    {
        using var host = Build(new() { [variable] = value });
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, ex.Message);
        Assert.Contains(form, ex.Message);
        Assert.DoesNotContain("Sup3r-S3cret!", ex.Message);
    }

    private const string GoForm = "a positive Go duration such as 30s, 5m, 1h30m or 250ms (units ns, us, ms, s, m, h)";

    /// <summary>Each message is built from parts; these pin the whole sentence a user reads.</summary>
    [Theory]
    [InlineData("JOB_TIMEOUT", "30", "JOB_TIMEOUT='30' is not valid: expected " + GoForm + ".")]
    [InlineData("Bananas:Worker:JobTimeout", "0", "Bananas:Worker:JobTimeout='0' is not valid: expected " + GoForm + ".")]
    [InlineData("RESULT_TTL", "1d", "RESULT_TTL='1d' is not valid: expected " + GoForm + ".")]
    [InlineData("Bananas:ResultTtl", "0", "Bananas:ResultTtl='0' is not valid: expected " + GoForm + ".")]
    [InlineData("MAX_RETRIES", "-1", "MAX_RETRIES='-1' is not valid: expected a whole number from 0 to 1000.")]
    [InlineData("KEEP_COMPLETED", "soon", "KEEP_COMPLETED='soon' is not valid: expected a Go duration such as 30s, 5m, 1h30m or 250ms (units ns, us, ms, s, m, h), or 0 to delete completed jobs at once.")]
    [InlineData("Bananas:Prefix", "a b", "Bananas:Prefix='a b' is not valid: expected a non-empty key prefix without whitespace, such as 'bananas'.")]
    [InlineData("REDIS_LAYOUT", "1", "REDIS_LAYOUT='1' is not valid: expected classic (one Redis, or Sentinel), cluster (Redis Cluster, one hash tag per prefix) or cluster-per-route (Redis Cluster, one hash tag per route).")]
    [InlineData("REDIS_LAYOUT", "sharded", "REDIS_LAYOUT='sharded' is not valid: expected classic (one Redis, or Sentinel), cluster (Redis Cluster, one hash tag per prefix) or cluster-per-route (Redis Cluster, one hash tag per route).")]
    [InlineData("LOG_LEVEL", "loud", "LOG_LEVEL='loud' is not valid: expected debug, info, warn or error.")]
    [InlineData("LOG_FORMAT", "xml", "LOG_FORMAT='xml' is not valid: expected json or text.")]
    [InlineData("WORKER_CONCURRENCY", "lots", "WORKER_CONCURRENCY='lots' is not valid: expected a whole number from 1 to 10000.")]
    [InlineData("WORKER_ROUTING_KEYS", "gpu,GP U", "WORKER_ROUTING_KEYS='gpu,GP U' is not valid: routing key 'GP U' has the character '\\u0020' at position 2; expected 1-64 characters of [A-Za-z0-9_-] for each route of a comma-separated list such as 'gpu,default'.")]
    public async Task An_invalid_setting_is_reported_in_one_whole_sentence(string variable, string value, string expected)
    {
        using var host = Build(new() { [variable] = value });
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(expected, Assert.Single(ex.Failures));
    }

    private const string RedisForms = "Expected redis://[user][:password]@host[:port][/db], rediss://… (TLS), redis-sentinel://[user][:password]@host[:port][,host[:port]…]/service[/db] (Sentinel; port 26379 by default), or a StackExchange.Redis configuration string such as 'localhost:6379,password=secret' (with serviceName=… for Sentinel).";

    /// <summary>What a user reads for a bad REDIS_URL: one sentence, the password redacted, no "(Parameter …)" tail.</summary>
    [Theory]
    [InlineData("http://example", "REDIS_URL 'http://example' is not usable: the scheme 'http' is not redis, rediss, redis-sentinel or rediss-sentinel. " + RedisForms)]
    [InlineData("redis://:Sup3r-S3cret!@cache:6379/x", "REDIS_URL 'redis://:***@cache:6379/x' is not usable: the database 'x' is not a non-negative integer. " + RedisForms)]
    public async Task An_invalid_REDIS_URL_is_reported_in_one_whole_sentence(string value, string expected)
    {
        using var host = Build(new() { ["REDIS_URL"] = value });
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(expected, Assert.Single(ex.Failures));
    }

    [Fact]
    public void A_Logging_LogLevel_Default_rule_wins_over_LOG_LEVEL()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LOG_LEVEL"] = "error", ["Logging:LogLevel:Default"] = "Debug" });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddProvider(new Worker.CapturingLoggerProvider());
        builder.Services.AddBananas().UseInMemory();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("any");
        Assert.Equal(LogLevel.Error, host.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.MinLevel);
        Assert.True(logger.IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public void Invalid_options_set_in_code_are_reported_in_whole_sentences()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddBananas(o =>
        {
            o.DefaultMaxRetries = -1;
            o.MaxPayloadBytes = 1;
            o.ResultTtl = TimeSpan.Zero;
            o.KeepCompleted = TimeSpan.FromSeconds(-1);
        });
        using var host = builder.Build();
        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<BananasOptions>>().Value);
        Assert.Equal(
            [
                "DefaultMaxRetries (MAX_RETRIES) is -1: expected 0 or more.",
                "KeepCompleted (KEEP_COMPLETED) is -00:00:01: expected zero (delete at completion) or a positive duration.",
                "MaxPayloadBytes is 1: expected at least 2 (the payload is a JSON object).",
                "ResultTtl (RESULT_TTL) is 00:00:00: expected a positive duration.",
            ],
            ex.Failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Log_level_and_format_env_vars_configure_logging()
    {
        using var host = Build(new() { ["LOG_LEVEL"] = "warn", ["LOG_FORMAT"] = "json" });
        Assert.Equal(LogLevel.Warning, host.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.MinLevel);
        Assert.Equal(ConsoleFormatterNames.Json, host.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
    }

    [Fact]
    public void Code_configuration_wins_over_env_vars()
    {
        using var host = Build(new() { ["WORKER_CONCURRENCY"] = "7" }, b => b.AddWorker(o => o.Concurrency = 3));
        Assert.Equal(3, host.Services.GetRequiredService<IOptions<BananasWorkerOptions>>().Value.Concurrency);
    }

    [Fact]
    public void Without_REDIS_URL_the_engine_is_in_memory_outside_Production()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.Services.AddBananas();
        using var host = builder.Build();
        Assert.IsType<InMemoryQueueEngine>(host.Services.GetRequiredService<IQueueEngine>());
    }

    [Fact]
    public void Per_route_limit_for_a_route_the_worker_does_not_serve_is_rejected()
    {
        var errors = BananasWorkerOptionsValidator.Check(new BananasWorkerOptions { RoutingKeys = ["gpu"], RouteConcurrency = { ["email"] = 2 } });
        Assert.Contains(errors, e => e.Contains("'email'") && e.Contains("does not serve"));
    }

    [Fact]
    public void An_invalid_routing_key_set_in_code_is_reported_in_one_sentence()
    {
        var errors = BananasWorkerOptionsValidator.Check(new BananasWorkerOptions { RoutingKeys = ["GP U"] });
        Assert.Equal(
            "Worker RoutingKeys (WORKER_ROUTING_KEYS) is not valid: the routing key 'GP U' has the character '\\u0020' at position 2; expected " + BananasRules.RoutingKeyForm + ".",
            Assert.Single(errors));
    }

    [Fact]
    public void A_non_positive_job_timeout_set_in_code_is_reported_in_the_same_words_as_the_environment_variable()
    {
        var errors = BananasWorkerOptionsValidator.Check(new BananasWorkerOptions { JobTimeout = TimeSpan.Zero });
        Assert.Equal(
            ["Worker JobTimeout (JOB_TIMEOUT) is 00:00:00: expected a positive Go duration such as 30s, 5m, 1h30m or 250ms (units ns, us, ms, s, m, h)."],
            errors);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("2m30.5s", 150_500)]
    [InlineData("0", 0)]
    public void Go_durations_parse(string text, double ms)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(ms, value.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("5 m")]
    [InlineData("1d")]
    [InlineData("m")]
    [InlineData("-5s")]
    public void Non_go_durations_are_rejected(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
