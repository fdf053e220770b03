using Bananas.Tasks;
using Bananas.Tasks.Client;

namespace Dashboard;

/// <summary>
/// Fills the demo with jobs in several states when it starts (pending, scheduled, dead, completed), then enqueues a few
/// every couple of seconds so the charts move. <c>DEMO_JOBS=false</c> turns it off (the tests seed their own jobs).
/// </summary>
public sealed class DemoSeeder(IBananasClient client, IConfiguration configuration, PaymentGateway gateway, ILogger<DemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration["DEMO_JOBS"], "false", StringComparison.OrdinalIgnoreCase)) return;
        for (int i = 0; i < 12; i++) await ResizeImage.EnqueueAsync(client, $"https://img.example/cat-{i}.png", 320 + 32 * i);
        for (int i = 0; i < 5; i++) await BuildReport.EnqueueAsync(client, $"monthly-{i}");
        await SendEmail.EnqueueAsync(client, "ops@example.com", "Weekly digest", "tok_live_4f9a2c");
        await SendEmail.EnqueueAsync(client, "nobody@example.invalid", "Your invoice", "tok_live_8d1e77");
        await SendEmail.EnqueueAsync(client, "<script>alert(1)</script>@example.invalid", "<b>bold</b>", "tok_live_xss");
        gateway.IsDown = true;
        var charge = await ChargeCard.EnqueueAsync(client, "acme", 4200, "4111111111111111");
        await charge.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default); // dead: the gateway was down
        gateway.IsDown = false;
        await ResizeImage.EnqueueAsync(client, "https://img.example/later.png", 1024, new JobOptions { Delay = TimeSpan.FromMinutes(30) });
        logger.LogInformation("demo jobs enqueued; a few more every 2 s");
        var n = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            n++;
            await ResizeImage.EnqueueAsync(client, $"https://img.example/live-{n}.png", 480);
            if (n % 5 == 0) await SendEmail.EnqueueAsync(client, $"user{n}@example.invalid", "Reminder", "tok_live_" + n);
        }
    }
}
