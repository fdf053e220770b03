using System.Globalization;
using System.Text.Json;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Benchmarks.Tasks;
using Bananas.Tasks.Client;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// Scenario 6, memory: 1,000,000 jobs with a 200-byte payload (the generated <c>blob</c> task) enqueued on a flushed
/// server; Redis bytes per queued job = the growth of INFO memory used_memory ÷ jobs. Then a hosted worker in a
/// process of its own (concurrency 64) drains them: its peak RSS (VmHWM) and its drain rate. BullMQ: the same number
/// of jobs with the same 200-byte data added with <c>addBulk</c> of 1,000 on a flushed server, measured the same way
/// (growth of used_memory ÷ jobs, read by bench.mjs before and after the adds); BullMQ is not drained here.
/// </summary>
internal static class MemoryScenario
{
    public const string BytesPerJob = "memory.bytesPerJob";
    public const string PeakRss = "memory.peakRss";
    public const string DrainRate = "memory.drain";
    private const int Concurrency = 64;

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = context.Sizes;
        var data = new string('x', sizes.MemoryPayloadBytes - "{\"data\":\"\"}".Length);
        var payload = Blob.EncodeArguments(data);
        if (payload.Length != sizes.MemoryPayloadBytes)
            throw new InvalidOperationException($"The memory scenario's payload is {payload.Length} bytes; expected {sizes.MemoryPayloadBytes}.");

        await context.RepeatAsync($"6 memory, {sizes.MemoryJobs:N0} jobs of {sizes.MemoryPayloadBytes} B", async run =>
        {
            var before = await context.Redis.UsedMemoryAsync();
            await using (var producer = await context.NewProducerAsync())
                await producer.PreEnqueueAsync(sizes.MemoryJobs, _ => new TaskEnvelope(Blob.TaskName, payload));
            var after = await context.Redis.UsedMemoryAsync();
            var perJob = (after - before) / (double)sizes.MemoryJobs;

            using var child = ChildWorker.Start("drain", "--redis", context.Redis.Endpoint,
                "--count", sizes.MemoryJobs.ToString(CultureInfo.InvariantCulture), "--concurrency", Concurrency.ToString(CultureInfo.InvariantCulture));
            var result = JsonSerializer.Deserialize<Dictionary<string, double>>(await ChildWorker.ExpectAsync(child, "RESULT", TimeSpan.FromMinutes(15)))!;
            await child.WaitForExitAsync();
            if (child.ExitCode != 0) throw new InvalidOperationException($"The draining child worker exited with code {child.ExitCode}.");
            await DrainScenario.VerifyDrainedAsync(context.Redis.Admin.GetDatabase(), sizes.MemoryJobs);

            var peakMiB = result["peakRssBytes"] / 1048576;
            context.Results.Add(BytesPerJob, Side.Bananas, perJob);
            context.Results.Add(PeakRss, Side.Bananas, peakMiB);
            context.Results.Add(DrainRate, Side.Bananas, result["perSecond"]);
            var line = $"{perJob:N0} B/job in Redis, worker peak RSS {peakMiB:0.0} MiB, drained at {result["perSecond"]:N0}/s";
            if (context.BullMq is { } bull)
            {
                await context.Redis.FlushAsync();
                var r = await bull.RunAsync("memory", new Dictionary<string, int> { ["count"] = sizes.MemoryJobs, ["payload"] = sizes.MemoryPayloadBytes });
                context.Results.Add(BytesPerJob, Side.BullMq, r["bytesPerJob"]);
                line += $"; BullMQ {r["bytesPerJob"]:N0} B/job";
            }
            Console.Write(line + " ");
        });
    }
}
