using System.Collections.Concurrent;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>Which system a number belongs to.</summary>
internal enum Side
{
    Bananas,
    BullMq,
    Hangfire,
}

/// <summary>Names of the sides for the report.</summary>
internal static class Sides
{
    public static readonly Side[] All = [Side.Bananas, Side.BullMq, Side.Hangfire];

    public static string Name(Side side) => side switch
    {
        Side.Bananas => "Bananas",
        Side.BullMq => "BullMQ",
        Side.Hangfire => "Hangfire",
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "unknown side"),
    };
}

/// <summary>Redis commands executed over the measured runs of one metric (INFO commandstats deltas, scripts' inner calls included), summed.</summary>
internal sealed class CommandTally
{
    private readonly Dictionary<string, long> _calls = new(StringComparer.Ordinal);

    public long Jobs { get; private set; }

    public void Add(long jobs, IReadOnlyDictionary<string, long> calls)
    {
        Jobs += jobs;
        foreach (var (name, count) in calls) _calls[name] = _calls.GetValueOrDefault(name) + count;
    }

    /// <summary>All commands per job (a script call counts once, and so does each <c>redis.call</c> inside it).</summary>
    public double PerJob => _calls.Values.Sum() / (double)Jobs;

    /// <summary>Commands other than the script calls themselves per job: the <c>redis.call</c>s inside scripts plus plain commands.</summary>
    public double PerJobWithoutScriptCalls => _calls.Where(kv => !IsScriptCall(kv.Key)).Sum(kv => kv.Value) / (double)Jobs;

    /// <summary>The <paramref name="count"/> most frequent commands, per job.</summary>
    public IEnumerable<(string Command, double PerJob)> Top(int count) =>
        _calls.OrderByDescending(kv => kv.Value).Take(count).Select(kv => (kv.Key, kv.Value / (double)Jobs));

    public static bool IsScriptCall(string command) => command is "evalsha" or "eval" or "evalsha_ro" or "eval_ro" or "fcall" or "fcall_ro";
}

/// <summary>Median, min and max of the runs of one metric.</summary>
internal sealed record Summary(double Median, double Min, double Max, IReadOnlyList<double> Runs)
{
    public static Summary Of(IReadOnlyList<double> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("A summary needs at least one run.", nameof(runs));
        var sorted = runs.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(median, sorted[0], sorted[^1], runs.ToArray());
    }
}

/// <summary>Every number measured in this run, by metric key and side, in run order.</summary>
internal sealed class Results
{
    private readonly ConcurrentDictionary<(string Metric, Side Side), List<double>> _values = new();
    private readonly List<string> _notes = [];
    private readonly ConcurrentDictionary<(string Metric, Side Side), CommandTally> _commands = new();

    public void Add(string metric, Side side, double value)
    {
        var list = _values.GetOrAdd((metric, side), _ => []);
        lock (list) list.Add(value);
    }

    public Summary? Get(string metric, Side side) =>
        _values.TryGetValue((metric, side), out var list) && list.Count > 0 ? Summary.Of(list) : null;

    /// <summary>Adds the commands Redis executed for <paramref name="jobs"/> jobs of one measured run.</summary>
    public void AddCommands(string metric, Side side, long jobs, IReadOnlyDictionary<string, long> calls)
    {
        if (jobs <= 0 || calls.Count == 0) return;
        var tally = _commands.GetOrAdd((metric, side), _ => new CommandTally());
        lock (tally) tally.Add(jobs, calls);
    }

    public CommandTally? Commands(string metric, Side side) => _commands.TryGetValue((metric, side), out var tally) ? tally : null;

    /// <summary>A line for the report's details section (raw numbers, breakdowns).</summary>
    public void Note(string text)
    {
        lock (_notes) _notes.Add(text);
        Console.WriteLine("    " + text);
    }

    public IReadOnlyList<string> Notes
    {
        get { lock (_notes) return _notes.ToList(); }
    }
}

/// <summary>Percentiles by the nearest-rank method.</summary>
internal static class Percentiles
{
    public static double Of(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
