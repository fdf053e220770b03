using System.Diagnostics;
using System.Globalization;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// The profile every measured run carries: CPU time Redis spent (INFO cpu, used_cpu_user + used_cpu_sys) and CPU time
/// this process spent, per job, over the measured window. On a 2-core box this says which side a scenario is bound by.
/// </summary>
internal sealed class CpuMeter
{
    private readonly RedisHost _redis;
    private readonly double _redisStart;
    private readonly TimeSpan _processStart;
    private readonly long _wallStart;

    private CpuMeter(RedisHost redis, double redisStart, TimeSpan processStart)
    {
        _redis = redis;
        _redisStart = redisStart;
        _processStart = processStart;
        _wallStart = Stopwatch.GetTimestamp();
    }

    public static async Task<CpuMeter> StartAsync(RedisHost redis) =>
        new(redis, await RedisCpuSecondsAsync(redis).ConfigureAwait(false), ProcessCpu());

    /// <summary>Redis and harness CPU per job in microseconds, and the wall time, since the start.</summary>
    public async Task<CpuProfile> StopAsync(int jobs)
    {
        var redis = await RedisCpuSecondsAsync(_redis).ConfigureAwait(false) - _redisStart;
        var process = (ProcessCpu() - _processStart).TotalSeconds;
        var wall = Stopwatch.GetElapsedTime(_wallStart).TotalSeconds;
        return new CpuProfile(redis * 1e6 / jobs, process * 1e6 / jobs, redis / wall * 100, process / wall * 100);
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public static async Task<double> RedisCpuSecondsAsync(RedisHost redis)
    {
        var server = redis.Admin.GetServer(redis.Admin.GetEndPoints()[0]);
        var raw = await server.InfoRawAsync("cpu").ConfigureAwait(false) ?? "";
        double total = 0;
        foreach (var line in raw.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("used_cpu_user:", StringComparison.Ordinal) || line.StartsWith("used_cpu_sys:", StringComparison.Ordinal))
                total += double.Parse(line[(line.IndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        }
        return total;
    }
}

/// <summary>CPU per job (µs) of Redis and of the .NET process, and each as % of one core over the window.</summary>
internal readonly record struct CpuProfile(double RedisMicrosPerJob, double ProcessMicrosPerJob, double RedisPercent, double ProcessPercent)
{
    public override string ToString() =>
        $"Redis {RedisMicrosPerJob:0.0} µs/job ({RedisPercent:0} % of a core), .NET {ProcessMicrosPerJob:0.0} µs/job ({ProcessPercent:0} %)";
}
