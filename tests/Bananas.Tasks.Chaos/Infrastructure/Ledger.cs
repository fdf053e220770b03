using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bananas.Tasks.Chaos.Infrastructure;

/// <summary>
/// One line of a ledger: <c>{"t":unix-ms,"ev":"started","id":"…","attempt":1,"pid":123,…}</c>. Events:
/// producer <c>enq-invoke</c>, <c>enqueued-ack</c>, <c>enq-fail</c>, <c>enq-gaveup</c>; handler <c>started</c>,
/// <c>handler-done</c>, <c>handler-threw</c>; worker (from its log events) <c>completed</c> (ack recorded),
/// <c>failed</c> (retry scheduled), <c>dead</c>, <c>lease-lost</c> (a stale outcome refused: fencing), <c>released</c>,
/// <c>unrecorded</c>, <c>abandoned</c>; scheduler <c>cron-fired</c>, <c>cron-already</c>, <c>cron-skipped</c>,
/// <c>cron-failed</c>; orchestrator <c>fault</c>.
/// </summary>
internal sealed record LedgerEvent
{
    [JsonPropertyName("t")] public long T { get; init; }
    [JsonPropertyName("ev")] public string Ev { get; init; } = "";
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("attempt")] public int? Attempt { get; init; }
    [JsonPropertyName("pid")] public int Pid { get; init; }
    [JsonPropertyName("task")] public string? Task { get; init; }
    [JsonPropertyName("schedule")] public string? Schedule { get; init; }
    [JsonPropertyName("occurrence")] public string? Occurrence { get; init; }
    [JsonPropertyName("detail")] public string? Detail { get; init; }
    [JsonPropertyName("role")] public string? Role { get; init; }
}

/// <summary>
/// This process's own ledger file (one file per process: appends from several processes to one file are not atomic).
/// Every event is written with one <c>write(2)</c> and flushed, so a <c>kill -9</c> loses nothing already recorded.
/// </summary>
internal sealed class LedgerWriter : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly FileStream _file;
    private readonly Lock _gate = new();

    public LedgerWriter(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
    }

    public static LedgerWriter? Current { get; set; }

    public string Path { get; }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void Write(LedgerEvent e)
    {
        var line = JsonSerializer.Serialize(e with { T = e.T == 0 ? Now() : e.T, Pid = e.Pid == 0 ? Environment.ProcessId : e.Pid }, s_json) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            _file.Write(bytes);
            _file.Flush();
        }
    }

    public void Write(string ev, string? id = null, int? attempt = null, string? task = null, string? detail = null) =>
        Write(new LedgerEvent { Ev = ev, Id = id, Attempt = attempt, Task = task, Detail = detail });

    public void Dispose() => _file.Dispose();

    /// <summary>All events of every <c>ledger-*.jsonl</c> in <paramref name="dir"/>, ordered by time. A torn last line (kill -9 mid-write cannot tear one write, but be safe) is skipped.</summary>
    public static List<LedgerEvent> ReadAll(string dir)
    {
        var all = new List<LedgerEvent>();
        foreach (var file in Directory.GetFiles(dir, "ledger-*.jsonl"))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0) continue;
                try
                {
                    if (JsonSerializer.Deserialize<LedgerEvent>(line, s_json) is { } e) all.Add(e);
                }
                catch (JsonException)
                {
                    // a partial line; counted nowhere
                }
            }
        }
        // A stable sort: events of one process with the same millisecond keep their file order (a 'started' and its
        // 'failed' often share one). List.Sort is unstable and could put the settle before its start, which made the
        // I4b check see an attempt that never settled (a false violation in kill9, CI 2026-12-02).
        return all.OrderBy(e => e.T).ToList();
    }

    public static string FileName(string role, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"ledger-{role}-{name}-{Environment.ProcessId}.jsonl");
}
