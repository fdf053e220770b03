namespace Bananas.Tasks.Client;

/// <summary>
/// A job payload known to be one JSON object, with its size in UTF-8 bytes. The generated proxies' codec writes
/// the object and makes one with <see cref="Proxies.TaskProxySupport.EncodedPayload"/>;
/// <see cref="IBananasClient.EnqueueAsync(string, TaskPayload, JobOptions?, CancellationToken)"/> then checks its
/// size, not its JSON again. A payload given as text is checked once, by the overload that takes a string.
/// </summary>
public readonly struct TaskPayload
{
    internal TaskPayload(string json, int utf8Length)
    {
        Json = json;
        Utf8Length = utf8Length;
    }

    /// <summary>The JSON object; null only for <c>default(TaskPayload)</c>, which the client refuses.</summary>
    public string Json { get; }

    /// <summary>Size of <see cref="Json"/> in UTF-8 bytes.</summary>
    public int Utf8Length { get; }

    /// <inheritdoc/>
    public override string ToString() => Json ?? "";
}
