using System.Globalization;

namespace HttpApi;

/// <summary>
/// This node's settings, read from configuration (environment variables or <c>--KEY=value</c> arguments):
/// <c>NODE_ID</c> (default host:pid), <c>RUN_WORKER</c> (<c>true</c>/<c>false</c>, default true) and
/// <c>TASK_DURATION_SCALE</c> (a factor on the example's 1/3/5/2 s task durations, default 1; tests use 0.02).
/// </summary>
public sealed record NodeSettings(string NodeId, bool RunWorker, double DurationScale)
{
    public TimeSpan Scale(TimeSpan duration) => TimeSpan.FromMilliseconds(duration.TotalMilliseconds * DurationScale);

    public static NodeSettings From(IConfiguration configuration)
    {
        var nodeId = configuration["NODE_ID"] is { Length: > 0 } id ? id : $"{Environment.MachineName}:{Environment.ProcessId}";
        var runWorker = configuration["RUN_WORKER"] is not { } text || text.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new InvalidOperationException($"RUN_WORKER='{text}' is not valid: expected true or false."),
        };
        var scale = 1.0;
        if (configuration["TASK_DURATION_SCALE"] is { } s
            && (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || scale < 0 || scale > 100))
            throw new InvalidOperationException($"TASK_DURATION_SCALE='{s}' is not valid: expected a number from 0 to 100, such as 0.1.");
        return new NodeSettings(nodeId, runWorker, scale);
    }
}
