namespace Bananas.Tasks.Benchmarks;

/// <summary>Which scenarios to run, how big, how often, and where the report goes. Parsed from the command line.</summary>
internal sealed class BenchOptions
{
    /// <summary>Scenario ids in the order they run: the issue's 1-6 and the bare-engine ceiling.</summary>
    public static readonly string[] AllScenarios = ["1", "2", "bare", "3", "4", "5", "6", "listing", "flow"];

    /// <summary>Scenarios only <c>--scenario</c> runs (printed, not in <c>--all</c>'s report): <c>cluster</c> starts a Redis Cluster of its own.</summary>
    public static readonly string[] ExtraScenarios = ["cluster"];

    public const string Usage = """
        Bananas.Tasks benchmark harness (side by side with BullMQ on one redis-server).

        Usage: dotnet run -c Release --project tests/Bananas.Tasks.Benchmarks -- <mode> [options]
        Modes (one is required):
          --all                every scenario at full size, 3 runs each; writes docs/benchmarks.md
          --quick              every scenario at small sizes, 1 run each (about 2-3 minutes); prints the table only
          --scenario ID        only these scenarios (repeat or comma-separate): 1 2 bare 3 4 5 6 listing
        Options:
          --runs N             runs per scenario (default 3 with --all and --scenario, 1 with --quick)
          --quick-sizes        with --scenario: use the --quick sizes
          --no-bullmq          skip the BullMQ side
          --no-hangfire        skip the Hangfire side (scenarios 1-3)
          --out PATH           also write the Markdown report to PATH (--all writes docs/benchmarks.md)
          --help               this text
        Environment: REDIS_URL=redis://host:port uses that server (it is FLUSHALLed between runs!) instead of
        starting a private redis-server on a free loopback port with persistence off.
        """;

    public required IReadOnlyList<string> Scenarios { get; init; }
    public required int Runs { get; init; }
    public required bool Quick { get; init; }
    public required bool All { get; init; }
    public required bool BullMq { get; init; }
    public required bool Hangfire { get; init; }
    public string? OutputPath { get; init; }

    /// <summary>The command line as a person would type it, for the report.</summary>
    public required string CommandLine { get; init; }

    public Sizes Sizes => Quick ? Sizes.QuickSizes : Sizes.Full;

    public bool Includes(string scenario) => Scenarios.Contains(scenario);

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad argument and what is accepted.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        bool all = false, quick = false, quickSizes = false, bullMq = true, hangfire = true;
        int? runs = null;
        string? output = null;
        var scenarios = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string Next()
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value. {Hint}");
                return args[++i];
            }
            switch (args[i])
            {
                case "--all": all = true; break;
                case "--quick": quick = true; break;
                case "--quick-sizes": quickSizes = true; break;
                case "--no-bullmq": bullMq = false; break;
                case "--no-hangfire": hangfire = false; break;
                case "--help" or "-h": return null;
                case "--out": output = Next(); break;
                case "--runs":
                    var text = Next();
                    if (!int.TryParse(text, out var n) || n < 1 || n > 99)
                        throw new ArgumentException($"--runs is '{text}'; expected a whole number from 1 to 99.");
                    runs = n;
                    break;
                case "--scenario":
                    foreach (var id in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!AllScenarios.Contains(id) && !ExtraScenarios.Contains(id))
                            throw new ArgumentException($"--scenario '{id}' is unknown; expected one of {string.Join(", ", AllScenarios.Concat(ExtraScenarios))}.");
                        if (!scenarios.Contains(id)) scenarios.Add(id);
                    }
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. {Hint}");
            }
        }
        int modes = (all ? 1 : 0) + (quick ? 1 : 0) + (scenarios.Count > 0 ? 1 : 0);
        if (modes == 0) throw new ArgumentException($"Choose a mode: --all, --quick or --scenario ID. {Hint}");
        if (modes > 1) throw new ArgumentException($"--all, --quick and --scenario exclude each other; choose one. {Hint}");
        if (quickSizes && scenarios.Count == 0) throw new ArgumentException("--quick-sizes only goes with --scenario (--quick already uses them).");

        var ordered = scenarios.Count == 0 ? AllScenarios.ToList() : AllScenarios.Concat(ExtraScenarios).Where(scenarios.Contains).ToList();
        return new BenchOptions
        {
            Scenarios = ordered,
            Runs = runs ?? (quick ? 1 : 3),
            Quick = quick || quickSizes,
            All = all,
            BullMq = bullMq,
            Hangfire = hangfire,
            OutputPath = output,
            CommandLine = "dotnet run -c Release --project tests/Bananas.Tasks.Benchmarks -- " + string.Join(' ', args),
        };
    }

    private const string Hint = "Run with --help for the accepted arguments.";
}

/// <summary>Job counts and durations of each scenario.</summary>
internal sealed record Sizes
{
    public static readonly Sizes Full = new()
    {
        EnqueueSingle = 50_000, EnqueueBatch = 100_000, Drain = 100_000, Bare = 100_000,
        Latency = 10_000, LatencyWarmup = 2_000, IdleSeconds = 30, MixedSeconds = 10, MemoryJobs = 1_000_000, Warmup = 5_000,
        ListingSmall = 1_000, ListingLarge = 1_000_000, HangfireEnqueue = 20_000, HangfireDrain = 6_000, HangfireDrainSerial = 1_000, HangfireWarmup = 500,
    };

    public static readonly Sizes QuickSizes = new()
    {
        EnqueueSingle = 10_000, EnqueueBatch = 20_000, Drain = 10_000, Bare = 10_000,
        Latency = 2_000, LatencyWarmup = 500, IdleSeconds = 5, MixedSeconds = 3, MemoryJobs = 50_000, Warmup = 2_000,
        ListingSmall = 1_000, ListingLarge = 50_000, HangfireEnqueue = 5_000, HangfireDrain = 3_000, HangfireDrainSerial = 1_000, HangfireWarmup = 500,
    };

    public int EnqueueSingle { get; init; }
    public int EnqueueBatch { get; init; }
    public int Drain { get; init; }
    public int Bare { get; init; }
    public int Latency { get; init; }
    public int LatencyWarmup { get; init; }
    public int IdleSeconds { get; init; }
    public int MixedSeconds { get; init; }
    public int MemoryJobs { get; init; }
    public int Warmup { get; init; }
    /// <summary>Jobs pending and jobs dead in the small and the large run of the listing scenario.</summary>
    public int ListingSmall { get; init; }
    public int ListingLarge { get; init; }
    /// <summary>
    /// Jobs of Hangfire's single-enqueue and drain runs: fewer than the others' (its rates are a fraction of theirs, and
    /// its pre-enqueue goes through its one-job-per-call client), enough for a steady rate; the rate is what is compared.
    /// </summary>
    public int HangfireEnqueue { get; init; }
    public int HangfireDrain { get; init; }
    /// <summary>Jobs of Hangfire's drain at concurrency 1 (one worker thread doing ~60 synchronous Redis round trips per job).</summary>
    public int HangfireDrainSerial { get; init; }
    public int HangfireDrainJobs(int concurrency) => concurrency == 1 ? HangfireDrainSerial : HangfireDrain;
    /// <summary>Jobs per warm-up round of the Hangfire process (rounds repeat for the warm-up time).</summary>
    public int HangfireWarmup { get; init; }

    /// <summary>Calls in flight for single enqueues (the issue: 64).</summary>
    public int InFlight => 64;
    /// <summary>Jobs per batch enqueue call (the issue: 1,000).</summary>
    public int Batch => 1_000;
    /// <summary>Worker concurrencies of scenario 2.</summary>
    public int[] Concurrencies => [1, 16, 64, 256];
    /// <summary>Worker concurrencies of scenario 2's completed-jobs-removed variant: where both sides drained best in every run so far.</summary>
    public int[] RemovedConcurrencies => [64, 256];
    /// <summary>Enqueue rate of scenario 3, jobs/s.</summary>
    public int LatencyRate => 2_000;
    /// <summary>Worker concurrency of scenarios 3 and 5 (both sides).</summary>
    public int LatencyConcurrency => 16;
    /// <summary>Payload size of scenario 6, bytes.</summary>
    public int MemoryPayloadBytes => 200;
}
