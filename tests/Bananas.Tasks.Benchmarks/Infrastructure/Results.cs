using System.Collections.Concurrent;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>Which system a number belongs to.</summary>
internal enum Side
{
    Bananas,
    BullMq,
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

    public void Add(string metric, Side side, double value)
    {
        var list = _values.GetOrAdd((metric, side), _ => []);
        lock (list) list.Add(value);
    }

    public Summary? Get(string metric, Side side) =>
        _values.TryGetValue((metric, side), out var list) && list.Count > 0 ? Summary.Of(list) : null;

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
