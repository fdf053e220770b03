namespace Bananas.Tasks.Chaos;

/// <summary>The test configuration of reliability-plan.md §5.1: a short lease so that faults resolve in seconds.</summary>
internal static class ChaosConfig
{
    public const string Prefix = "bananas";
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Maintenance = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryBase = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(1);
    public const double RetryJitter = 0.1;

    /// <summary>The recovery bound of goal G3 for this config: lease + maintenance interval + 1 s.</summary>
    public static TimeSpan RecoveryBound => Lease + Maintenance + TimeSpan.FromSeconds(1);

    /// <summary>Task names of the chaos handlers.</summary>
    public const string Noop = "noop", Sleep = "sleep", FailN = "fail_n", Crash = "crash", Hang = "hang", WfStep = "wf_step";
}
