using System.Diagnostics;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// The profile every measured run carries: CPU time Redis spent (INFO cpu, used_cpu_user + used_cpu_sys) and CPU time
/// this process spent, per job, over the measured window, and the commands Redis executed in it (INFO commandstats,
/// which counts the <c>redis.call</c>s inside scripts as well as the script calls). On a 2-core box this says which
/// side a scenario is bound by, and where Redis is the bound, how many commands a job costs.
/// </summary>
internal sealed class CpuMeter
{
    private readonly IServer _server;
    private readonly double _redisStart;
    private readonly Dictionary<string, long> _commandsStart;
    private readonly TimeSpan _processStart;
    private readonly long _wallStart;

    private CpuMeter(IServer server, double redisStart, Dictionary<string, long> commandsStart, TimeSpan processStart)
    {
        _server = server;
        _redisStart = redisStart;
        _commandsStart = commandsStart;
        _processStart = processStart;
        _wallStart = Stopwatch.GetTimestamp();
    }

    public static async Task<CpuMeter> StartAsync(IServer server)
    {
        var commands = await RedisStats.CommandStatsAsync(server).ConfigureAwait(false);
        return new(server, await RedisStats.CpuSecondsAsync(server).ConfigureAwait(false), commands, ProcessCpu());
    }

    /// <summary>Redis and process CPU per job in microseconds, and the commands Redis executed, since the start.</summary>
    public async Task<CpuProfile> StopAsync(int jobs)
    {
        var process = (ProcessCpu() - _processStart).TotalSeconds;
        var wall = Stopwatch.GetElapsedTime(_wallStart).TotalSeconds;
        var redis = await RedisStats.CpuSecondsAsync(_server).ConfigureAwait(false) - _redisStart;
        var commands = RedisStats.Delta(_commandsStart, await RedisStats.CommandStatsAsync(_server).ConfigureAwait(false));
        return new CpuProfile(redis * 1e6 / jobs, process * 1e6 / jobs, redis / wall * 100, process / wall * 100, jobs, commands);
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}

/// <summary>CPU per job (µs) of Redis and of the process, each as % of one core over the window, and the commands Redis executed for <see cref="Jobs"/> jobs.</summary>
internal sealed record CpuProfile(double RedisMicrosPerJob, double ProcessMicrosPerJob, double RedisPercent, double ProcessPercent, int Jobs, IReadOnlyDictionary<string, long> Commands)
{
    public double CommandsPerJob => Commands.Values.Sum() / (double)Jobs;

    public override string ToString() =>
        $"Redis {RedisMicrosPerJob:0.0} µs/job ({RedisPercent:0} % of a core), process {ProcessMicrosPerJob:0.0} µs/job ({ProcessPercent:0} %), {CommandsPerJob:0.0} Redis commands/job";
}
