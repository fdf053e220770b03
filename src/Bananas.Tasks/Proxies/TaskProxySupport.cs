using System.ComponentModel;

namespace Bananas.Tasks.Proxies;

/// <summary>Option helpers the generated task proxies call.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskProxySupport
{
    /// <summary><paramref name="options"/> with <see cref="JobOptions.Delay"/> set; the delay must not be negative.</summary>
    public static JobOptions WithDelay(JobOptions? options, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "The delay must be zero or positive.");
        return (options ?? new JobOptions()) with { Delay = delay };
    }

    /// <summary><paramref name="options"/> with <see cref="JobOptions.RunAt"/> set.</summary>
    public static JobOptions WithRunAt(JobOptions? options, DateTimeOffset runAt) =>
        (options ?? new JobOptions()) with { RunAt = runAt };

    /// <summary>Writes a float or double, which JSON cannot hold when it is NaN or infinite.</summary>
    public static void WriteFiniteNumber(System.Text.Json.Utf8JsonWriter writer, double value, string taskName, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(parameterName, value, $"Task '{taskName}': parameter '{parameterName}' is {value}; JSON holds only finite numbers.");
        writer.WriteNumberValue(value);
    }

    /// <summary>Writes a float, which JSON cannot hold when it is NaN or infinite.</summary>
    public static void WriteFiniteNumber(System.Text.Json.Utf8JsonWriter writer, float value, string taskName, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!float.IsFinite(value))
            throw new ArgumentOutOfRangeException(parameterName, value, $"Task '{taskName}': parameter '{parameterName}' is {value}; JSON holds only finite numbers.");
        writer.WriteNumberValue(value);
    }
}
