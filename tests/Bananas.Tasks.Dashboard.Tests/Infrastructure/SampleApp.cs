using Bananas.Tasks.Admin;
using Bananas.Tasks.Client;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Dashboard.Tests.Infrastructure;

/// <summary>
/// samples/Dashboard (its Program, its generated tasks, its worker) with settings of the test: the Redis URL and a fresh
/// key prefix, demo jobs off unless asked for. <see cref="WebApplicationFactory{TEntryPoint}.UseKestrel()"/> gives a
/// real port for the browser.
/// </summary>
public sealed class SampleApp(params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    public static async Task<SampleApp> OnRedisAsync(bool demoJobs = false, string? redisUrl = null)
    {
        var redis = redisUrl ?? (await RedisServer.GetAsync()).Url;
        return new SampleApp(("Bananas:RedisUrl", redis), ("Bananas:Prefix", RedisServer.NewPrefix()), ("DEMO_JOBS", demoJobs ? "true" : "false"));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.ClearProviders());
    }

    public IBananasAdmin Admin => Services.GetRequiredService<IBananasAdmin>();
    public IBananasClient Client => Services.GetRequiredService<IBananasClient>();
}
