using Bananas.Tasks.Hosting;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bananas.Tasks.Tests.Hosting;

/// <summary>Per-route limits from WORKER_ROUTE_CONCURRENCY and the Bananas:Worker:RouteConcurrency section.</summary>
public class RouteConcurrencyConfigurationTests
{
    private const string Form = "; expected route=limit pairs separated by commas, such as 'image=2,email=10'.";

    private static IHost Build(Dictionary<string, string?> settings, Action<BananasWorkerOptions>? configure = null, string? section = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        var bananas = section is null ? builder.Services.AddBananas() : builder.Services.AddBananas(builder.Configuration.GetSection(section));
        bananas.UseInMemory().AddWorker(configure);
        return builder.Build();
    }

    private static Dictionary<string, int> Limits(IHost host) =>
        host.Services.GetRequiredService<IOptions<BananasWorkerOptions>>().Value.RouteConcurrency;

    private static async Task<string[]> StartFailures(IHost host)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        return ex.Failures.ToArray();
    }

    [Fact]
    public void The_environment_variable_sets_the_limits()
    {
        using var host = Build(new() { ["WORKER_ROUTING_KEYS"] = "image,email,default", ["WORKER_ROUTE_CONCURRENCY"] = "image=2,email=10" });
        Assert.Equal(new Dictionary<string, int> { ["image"] = 2, ["email"] = 10 }, Limits(host));
    }

    [Fact]
    public void Spaces_around_entries_and_names_are_ignored()
    {
        using var host = Build(new() { ["WORKER_ROUTING_KEYS"] = "image,email", ["WORKER_ROUTE_CONCURRENCY"] = " image = 2 , email=10 " });
        Assert.Equal(new Dictionary<string, int> { ["image"] = 2, ["email"] = 10 }, Limits(host));
    }

    [Fact]
    public void The_section_takes_the_same_list_as_one_value()
    {
        using var host = Build(new() { ["Bananas:Worker:RoutingKeys"] = "image,email", ["Bananas:Worker:RouteConcurrency"] = "image=3" });
        Assert.Equal(new Dictionary<string, int> { ["image"] = 3 }, Limits(host));
    }

    [Fact]
    public void The_section_takes_one_child_per_route_as_appsettings_json_writes_it()
    {
        using var host = Build(new()
        {
            ["Bananas:Worker:RoutingKeys"] = "image,email",
            ["Bananas:Worker:RouteConcurrency:image"] = "2",
            ["Bananas:Worker:RouteConcurrency:email"] = "10",
        });
        Assert.Equal(new Dictionary<string, int> { ["image"] = 2, ["email"] = 10 }, Limits(host));
    }

    [Fact]
    public void A_section_passed_to_AddBananas_is_read_in_place_of_Bananas()
    {
        using var host = Build(new()
        {
            ["Jobs:Worker:RoutingKeys"] = "image",
            ["Jobs:Worker:RouteConcurrency:image"] = "4",
            ["Bananas:Worker:RouteConcurrency:image"] = "9",
        }, section: "Jobs");
        Assert.Equal(new Dictionary<string, int> { ["image"] = 4 }, Limits(host));
    }

    [Fact]
    public void The_environment_variable_wins_over_the_section_and_replaces_it_whole()
    {
        using var host = Build(new()
        {
            ["WORKER_ROUTING_KEYS"] = "image,email",
            ["WORKER_ROUTE_CONCURRENCY"] = "image=2",
            ["Bananas:Worker:RouteConcurrency:image"] = "5",
            ["Bananas:Worker:RouteConcurrency:email"] = "5",
        });
        Assert.Equal(new Dictionary<string, int> { ["image"] = 2 }, Limits(host));
    }

    [Fact]
    public void An_empty_environment_variable_means_no_per_route_limits()
    {
        using var host = Build(new() { ["WORKER_ROUTING_KEYS"] = "image", ["WORKER_ROUTE_CONCURRENCY"] = " ", ["Bananas:Worker:RouteConcurrency:image"] = "5" });
        Assert.Empty(Limits(host));
    }

    [Fact]
    public void Code_runs_last_and_wins()
    {
        using var host = Build(new() { ["WORKER_ROUTING_KEYS"] = "image,email", ["WORKER_ROUTE_CONCURRENCY"] = "image=2,email=10" }, o => o.RouteConcurrency["image"] = 1);
        Assert.Equal(new Dictionary<string, int> { ["image"] = 1, ["email"] = 10 }, Limits(host));
    }

    /// <summary>Each sentence is built from parts; these pin the whole text a user reads.</summary>
    [Theory]
    [InlineData("image", "WORKER_ROUTE_CONCURRENCY='image' is not valid: the entry 'image' has no '='" + Form)]
    [InlineData("image=", "WORKER_ROUTE_CONCURRENCY='image=' is not valid: the entry 'image=' has no limit after '='" + Form)]
    [InlineData("=2", "WORKER_ROUTE_CONCURRENCY='=2' is not valid: the entry '=2' has no route before '='" + Form)]
    [InlineData("image=x", "WORKER_ROUTE_CONCURRENCY='image=x' is not valid: the limit 'x' of route 'image' is not a whole number" + Form)]
    [InlineData("image=2.5", "WORKER_ROUTE_CONCURRENCY='image=2.5' is not valid: the limit '2.5' of route 'image' is not a whole number" + Form)]
    [InlineData("image=2,image=3", "WORKER_ROUTE_CONCURRENCY='image=2,image=3' is not valid: route 'image' is listed twice" + Form)]
    [InlineData("image=2,,email=3", "WORKER_ROUTE_CONCURRENCY='image=2,,email=3' is not valid: entry 2 is empty" + Form)]
    [InlineData("image=2=3", "WORKER_ROUTE_CONCURRENCY='image=2=3' is not valid: the limit '2=3' of route 'image' is not a whole number" + Form)]
    public async Task A_malformed_environment_variable_stops_start_up_in_one_whole_sentence(string value, string expected)
    {
        using var host = Build(new() { ["WORKER_ROUTING_KEYS"] = "image,email", ["WORKER_ROUTE_CONCURRENCY"] = value });
        Assert.Equal([expected], await StartFailures(host));
    }

    [Fact]
    public async Task A_malformed_section_value_is_named_by_its_path()
    {
        using var host = Build(new() { ["Bananas:Worker:RoutingKeys"] = "image", ["Bananas:Worker:RouteConcurrency"] = "image" });
        Assert.Equal(["Bananas:Worker:RouteConcurrency='image' is not valid: the entry 'image' has no '='" + Form], await StartFailures(host));
    }

    [Fact]
    public async Task A_malformed_section_child_is_named_by_its_path()
    {
        using var host = Build(new() { ["Jobs:Worker:RoutingKeys"] = "image", ["Jobs:Worker:RouteConcurrency:image"] = "lots" }, section: "Jobs");
        Assert.Equal(["Jobs:Worker:RouteConcurrency:image='lots' is not valid: expected a whole number, the most jobs of route 'image' running at once."], await StartFailures(host));
    }

    /// <summary>A limit below 1 and a route not served read the same whichever way the value was set.</summary>
    [Theory]
    [InlineData("image=0", "Worker RouteConcurrency (WORKER_ROUTE_CONCURRENCY) ['image'] is 0: expected 1 or more.")]
    [InlineData("image=-3", "Worker RouteConcurrency (WORKER_ROUTE_CONCURRENCY) ['image'] is -3: expected 1 or more.")]
    [InlineData("video=2", "Worker RouteConcurrency (WORKER_ROUTE_CONCURRENCY) names route 'video', which the worker does not serve (routes: image,email).")]
    public async Task Out_of_range_values_get_the_message_of_values_set_in_code(string value, string expected)
    {
        using var fromEnvironment = Build(new() { ["WORKER_ROUTING_KEYS"] = "image,email", ["WORKER_ROUTE_CONCURRENCY"] = value });
        Assert.Equal([expected], await StartFailures(fromEnvironment));

        var parts = value.Split('=');
        using var fromSection = Build(new() { ["WORKER_ROUTING_KEYS"] = "image,email", ["Bananas:Worker:RouteConcurrency:" + parts[0]] = parts[1] });
        Assert.Equal([expected], await StartFailures(fromSection));

        using var fromCode = Build(new() { ["WORKER_ROUTING_KEYS"] = "image,email" }, o => o.RouteConcurrency[parts[0]] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([expected], await StartFailures(fromCode));
    }
}
