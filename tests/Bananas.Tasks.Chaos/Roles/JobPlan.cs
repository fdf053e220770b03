using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bananas.Tasks.Chaos.Roles;

/// <summary>
/// One job the orchestrator designs and the producer enqueues (a line of <c>plan.jsonl</c>): its id is chosen up front,
/// so the checker knows every id that may exist and which of them are designed to end in the dead letter queue.
/// </summary>
internal sealed record PlannedJob
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("task")] public required string Task { get; init; }
    [JsonPropertyName("payload")] public string Payload { get; init; } = "{}";
    [JsonPropertyName("maxRetries")] public int MaxRetries { get; init; } = 20;
    [JsonPropertyName("route")] public string Route { get; init; } = "default";
    /// <summary>What the job must end as: <c>completed</c> or <c>dead</c>.</summary>
    [JsonPropertyName("expect")] public string Expect { get; init; } = "completed";
    /// <summary>Executions the design calls for (fail_n: n+1; dead jobs: maxRetries+1; others 1).</summary>
    [JsonPropertyName("expectedStarts")] public int ExpectedStarts { get; init; } = 1;
    /// <summary>A global concurrency limit on the job's task (<c>JobOptions.ConcurrencyLimit</c>); null: none.</summary>
    [JsonPropertyName("concurrencyLimit")] public int? ConcurrencyLimit { get; init; }
    /// <summary>The job's sequence key (<c>JobOptions.SequenceKey</c>); null: none.</summary>
    [JsonPropertyName("sequence")] public string? Sequence { get; init; }

    public static void Write(string path, IEnumerable<PlannedJob> jobs) =>
        File.WriteAllLines(path, jobs.Select(j => JsonSerializer.Serialize(j)));

    public static List<PlannedJob> Read(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<PlannedJob>(l)!).ToList();

    public static PlannedJob Noop() => new() { Id = Guid.NewGuid().ToString("D"), Task = ChaosConfig.Noop };

    public static PlannedJob Sleep(int ms) => new() { Id = Guid.NewGuid().ToString("D"), Task = ChaosConfig.Sleep, Payload = $"{{\"ms\":{ms}}}" };

    public static PlannedJob FailN(int n, int maxRetries) => new()
    {
        Id = Guid.NewGuid().ToString("D"), Task = ChaosConfig.FailN, Payload = $"{{\"n\":{n}}}", MaxRetries = maxRetries,
        Expect = n > maxRetries ? "dead" : "completed", ExpectedStarts = Math.Min(n, maxRetries) + 1,
    };

    public static PlannedJob Poison(int maxRetries) => new()
    {
        Id = Guid.NewGuid().ToString("D"), Task = ChaosConfig.Crash, MaxRetries = maxRetries, Expect = "dead", ExpectedStarts = maxRetries + 1,
    };
}
