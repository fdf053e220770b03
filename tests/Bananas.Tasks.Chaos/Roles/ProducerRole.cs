using System.Diagnostics;
using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Chaos.Roles;

/// <summary>
/// <c>producer</c>: enqueues the jobs of <c>--plan</c> at <c>--rate</c> jobs/s through the real client, each with its
/// planned id. Ledger: <c>enq-invoke</c> before the call, <c>enqueued-ack</c> once the call returned, <c>enq-fail</c> when
/// it threw (then the same id is retried: enqueue is idempotent by id) and <c>enq-gaveup</c> after <c>--give-up-s</c>.
/// </summary>
internal static class ProducerRole
{
    public static async Task<int> RunAsync(Args args)
    {
        var dir = args.Required("--dir");
        var name = args.Get("--name") ?? "p";
        using var ledger = new LedgerWriter(Path.Combine(dir, LedgerWriter.FileName("producer", name)));
        var plan = PlannedJob.Read(args.Required("--plan"));
        var rate = args.Int("--rate", 200);
        var parallel = Math.Max(1, args.Int("--parallel", 4));
        var giveUp = TimeSpan.FromSeconds(args.Int("--give-up-s", 60));

        var services = new ServiceCollection();
        services.AddBananas(o => o.Prefix = ChaosConfig.Prefix).UseRedis(args.Required("--redis"));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IBananasClient>();

        var clock = Stopwatch.StartNew();
        var next = 0;
        var workers = Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next) - 1;
                if (i >= plan.Count) return;
                var due = TimeSpan.FromSeconds(i / (double)rate);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                await EnqueueAsync(client, ledger, plan[i], giveUp);
            }
        }).ToList();
        await Task.WhenAll(workers);
        ledger.Write("producer-done", detail: plan.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine("DONE");
        return 0;
    }

    private static async Task EnqueueAsync(IBananasClient client, LedgerWriter ledger, PlannedJob job, TimeSpan giveUp)
    {
        var options = new JobOptions { JobId = JobId.Parse(job.Id), MaxRetries = job.MaxRetries, Route = job.Route, ConcurrencyLimit = job.ConcurrencyLimit, SequenceKey = job.Sequence };
        var started = Stopwatch.StartNew();
        while (true)
        {
            ledger.Write("enq-invoke", job.Id, task: job.Task);
            try
            {
                await client.EnqueueAsync(job.Task, job.Payload, options);
                ledger.Write("enqueued-ack", job.Id, task: job.Task);
                return;
            }
            catch (Exception ex) when (ex is not ArgumentException)
            {
                ledger.Write("enq-fail", job.Id, task: job.Task, detail: ex.GetType().Name + ": " + ex.Message);
                if (started.Elapsed > giveUp)
                {
                    ledger.Write("enq-gaveup", job.Id, task: job.Task);
                    return;
                }
                await Task.Delay(200);
            }
        }
    }
}
