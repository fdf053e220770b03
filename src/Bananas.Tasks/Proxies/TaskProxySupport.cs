using System.ComponentModel;
using Bananas.Tasks.Client;

namespace Bananas.Tasks.Proxies;

/// <summary>Option helpers the generated task proxies call.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskProxySupport
{
    /// <summary>
    /// A typed handle to an existing job, from its id: what a generated proxy's <c>GetHandle(JobId)</c> returns
    /// (<c>ProcessImage.GetHandle(id)</c> → <c>JobHandle&lt;Thumbnail&gt;</c> for status, wait and result). Nothing is read:
    /// an id with no job gives a handle whose status is null.
    /// </summary>
    /// <param name="client">The client to read through.</param>
    /// <param name="id">The job id, e.g. <c>JobId.Parse(text)</c>.</param>
    /// <param name="decodeResult">The task's result decoder (generated).</param>
    public static JobHandle<TResult> GetHandle<TResult>(IBananasClient client, JobId id, Func<string?, TResult> decodeResult)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(decodeResult);
        return new JobHandle<TResult>(CheckId(id), client, decodeResult);
    }

    /// <summary>
    /// A typed handle to an existing job of a task that returns a value and reports progress, from its id (a generated
    /// proxy's <c>GetHandle(JobId)</c>). Nothing is read.
    /// </summary>
    /// <param name="client">The client to read through.</param>
    /// <param name="id">The job id.</param>
    /// <param name="decodeResult">The task's result decoder (generated).</param>
    /// <param name="decodeProgress">The task's progress decoder (generated).</param>
    public static JobHandle<TResult, TProgress> GetHandle<TResult, TProgress>(IBananasClient client, JobId id, Func<string?, TResult> decodeResult, Func<string, TProgress> decodeProgress)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(decodeResult);
        ArgumentNullException.ThrowIfNull(decodeProgress);
        return new JobHandle<TResult, TProgress>(CheckId(id), client, decodeResult, decodeProgress);
    }

    /// <summary>
    /// A handle to an existing job of a task that returns nothing and reports progress, from its id (a generated proxy's
    /// <c>GetHandle(JobId)</c>). Nothing is read.
    /// </summary>
    /// <param name="client">The client to read through.</param>
    /// <param name="id">The job id.</param>
    /// <param name="decodeProgress">The task's progress decoder (generated).</param>
    public static ProgressJobHandle<TProgress> GetProgressHandle<TProgress>(IBananasClient client, JobId id, Func<string, TProgress> decodeProgress)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(decodeProgress);
        return new ProgressJobHandle<TProgress>(CheckId(id), client, decodeProgress);
    }

    /// <summary>An untyped handle to an existing job (tasks without a result), from its id.</summary>
    public static JobHandle GetHandle(IBananasClient client, JobId id)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new JobHandle(CheckId(id), client);
    }

    /// <summary>
    /// A unique key's text from the texts of the parameters <c>UniqueBy</c> names (<see cref="UniqueText{T}"/>), each
    /// length-prefixed so that no two lists of values give the same text (<c>("a,b")</c> and <c>("a", "b")</c> differ).
    /// </summary>
    public static string UniqueKey(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = new System.Text.StringBuilder();
        foreach (var part in parts) text.Append(part.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(part).Append(';');
        return text.ToString();
    }

    /// <summary>
    /// The stable text of one unique-key value: culture-invariant for numbers and dates (round-trip form), the
    /// <c>D</c> form of a Guid, an enum's name, <c>true</c>/<c>false</c>, a string as it is, and for null a NUL character followed by <c>null</c> (no string argument is confused with it in practice).
    /// The analyzer lets only such types name a key (BNT018; BNT017 checks the names).
    /// </summary>
    public static string UniqueText<T>(T value) => value switch
    {
        null => "\0null",
        string s => s,
        bool b => b ? "true" : "false",
        Guid g => g.ToString("D"),
        DateTimeOffset d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static JobId CheckId(JobId id) =>
        id.Value is null ? throw new ArgumentException("The job id is default(JobId); pass the id an enqueue returned, or JobId.Parse(text).", nameof(id)) : id;

    /// <summary><paramref name="options"/> with <see cref="JobOptions.AwaitResult"/> set: what <c>EnqueueAndWaitAsync</c> enqueues with.</summary>
    public static JobOptions ForWaiting(JobOptions? options) => (options ?? new JobOptions()) with { AwaitResult = true };

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

    /// <summary>
    /// The payload the generated codec has just written with a validating <see cref="System.Text.Json.Utf8JsonWriter"/>:
    /// one JSON object by construction, so it is not parsed again (the client still checks its size). Only its
    /// braces are looked at, to catch a caller that passes something else.
    /// </summary>
    /// <param name="utf8Object">The bytes written, e.g. <c>ArrayBufferWriter&lt;byte&gt;.WrittenSpan</c>.</param>
    public static TaskPayload EncodedPayload(ReadOnlySpan<byte> utf8Object)
    {
        if (utf8Object.Length < 2 || utf8Object[0] != (byte)'{' || utf8Object[^1] != (byte)'}')
            throw new ArgumentException("An encoded task payload is one JSON object written by the generated codec, from '{' to '}'.", nameof(utf8Object));
        return new TaskPayload(System.Text.Encoding.UTF8.GetString(utf8Object), utf8Object.Length);
    }

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
