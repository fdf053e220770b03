using Bananas.Tasks;
using Bananas.Tasks.Worker;

[assembly: BananaRoutes("gpu", "email", "default")]

namespace Diagnostics.Routing;

public static class RoutingTasks
{
    // BNT001: a space is not allowed in a routing key (code fix: "gpu-jobs").
    [BananaTask(Route = "gpu jobs")]
    public static Task RenderThumbnail(string url) => Task.CompletedTask;

    // BNT002: "gpuu" is not declared by [assembly: BananaRoutes]; did you mean 'gpu'?
    [BananaTask(Route = "gpuu")]
    public static Task RenderPreview(string url) => Task.CompletedTask;

    // BNT001 on per-call options and worker routing keys configured in code.
    public static JobOptions UrgentOptions() => new() { Route = "email!" };

    public static void ConfigureWorker(BananasWorkerOptions options)
    {
        options.RoutingKeys = ["gpu", "e mail"];
        options.RoutingKeys.Add("");
    }

    public static RoutingKey Parsed() => RoutingKey.Parse("gpu:high");
}
