using System.Text.Json.Serialization;
using Bananas.Tasks;

[assembly: BananasJsonContext(typeof(Dashboard.DemoJson))]
[assembly: BananaRoutes("images", "email", "billing", "reports", "default")]

namespace Dashboard;

public sealed record Thumbnail(string Url, int Width, int Bytes);

[JsonSerializable(typeof(Thumbnail))]
internal sealed partial class DemoJson : JsonSerializerContext;

/// <summary>The demo's tasks: one per route, with failures, a secret argument and a periodic report.</summary>
public static class DemoTasks
{
    /// <summary>Resizes an image (pretends to); every seventh one fails once, then succeeds on its retry.</summary>
    [BananaTask(Route = "images", MaxRetries = 2)]
    public static async Task<Thumbnail> ResizeImage(string url, int width, TaskContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Random.Shared.Next(30, 200), cancellationToken);
        if (url.GetHashCode() % 7 == 0 && context.Attempt == 1) throw new TimeoutException($"the image server did not answer for {url}");
        return new Thumbnail(url.Replace(".png", $"-{width}.png"), width, width * 97);
    }

    /// <summary>Sends an e-mail with an API token that the dashboard never shows ([Sensitive]); addresses at example.invalid bounce for good.</summary>
    [BananaTask(Route = "email", MaxRetries = 0)]
    public static async Task SendEmail(string to, string subject, [Sensitive] string apiToken, CancellationToken cancellationToken)
    {
        await Task.Delay(Random.Shared.Next(20, 80), cancellationToken);
        if (to.EndsWith("@example.invalid", StringComparison.Ordinal))
            throw new InvalidOperationException($"550 mailbox {to} does not exist");
    }

    /// <summary>Builds a report; the demo's worker does not serve the reports route, so these wait (and it can be paused).</summary>
    [BananaTask(Route = "reports", Priority = Priority.Low)]
    public static Task<string> BuildReport(string name) => Task.FromResult("report " + name);

    /// <summary>A periodic clean-up, every five minutes (the schedules page lists it).</summary>
    [BananaTask(Cron = "*/5 * * * *")]
    public static Task<int> Cleanup(int olderThanDays = 7) => Task.FromResult(olderThanDays);
}
