using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Hosting;

/// <summary>
/// Process-wide Bananas settings. Bound from the <c>Bananas</c> configuration section (or the section passed to
/// <c>AddBananas(section)</c>) and the Bananas environment variables (<c>REDIS_URL</c>, <c>REDIS_LAYOUT</c>, <c>MAX_RETRIES</c>,
/// <c>RESULT_TTL</c>, <c>KEEP_COMPLETED</c>, <c>LOG_LEVEL</c>, <c>LOG_FORMAT</c>), which win over the section; code passed to
/// <c>AddBananas(o => …)</c> runs last and wins. Checked at start-up (<see cref="BananasOptionsValidator"/>).
/// </summary>
public sealed class BananasOptions
{
    /// <summary>Redis to use (env <c>REDIS_URL</c>, e.g. <c>redis://localhost:6379/0</c>). Null: the in-memory engine.</summary>
    public string? RedisUrl { get; set; }

    /// <summary>Key prefix in Redis. Default <c>bananas</c>.</summary>
    public string Prefix { get; set; } = "bananas";

    /// <summary>
    /// How Redis keys are named (env <c>REDIS_LAYOUT</c>: <c>classic</c> or <c>cluster</c>). Default
    /// <see cref="RedisKeyLayout.Classic"/>; <see cref="RedisKeyLayout.Cluster"/> for Redis Cluster (docs/scaling.md).
    /// Every client and worker of one deployment must use the same layout.
    /// </summary>
    public RedisKeyLayout RedisLayout { get; set; } = RedisKeyLayout.Classic;

    /// <summary>How long results and completed job records are kept. Default 24 hours.</summary>
    [PositiveDuration("ResultTtl (RESULT_TTL)")]
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a completed job's record (with its result) is kept when its task sets no <c>KeepCompletedSeconds</c>
    /// (env <c>KEEP_COMPLETED</c>, a Go duration; <c>0</c> deletes it at completion, like Sidekiq's and BullMQ's
    /// <c>removeOnComplete</c>). Null (the default): <see cref="ResultTtl"/>. Dead jobs are never removed by it.
    /// </summary>
    [NotNegativeDuration("KeepCompleted (KEEP_COMPLETED)")]
    public TimeSpan? KeepCompleted { get; set; }

    /// <summary>Retries after the first failure for jobs that set none (env <c>MAX_RETRIES</c>). Default 3.</summary>
    [AtLeast(0, "DefaultMaxRetries (MAX_RETRIES)", "0 or more")]
    public int DefaultMaxRetries { get; set; } = 3;

    /// <summary>Largest payload the client accepts, in UTF-8 bytes. Default 1 MiB.</summary>
    [AtLeast(2, "MaxPayloadBytes", "at least 2 (the payload is a JSON object)")]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Problems found while reading configuration; reported at start-up by the options validator.</summary>
    internal List<string> ConfigurationErrors { get; } = new();
}
