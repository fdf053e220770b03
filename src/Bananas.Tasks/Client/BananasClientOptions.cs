namespace Bananas.Tasks.Client;

/// <summary>Defaults the client applies to jobs that do not set them.</summary>
public sealed class BananasClientOptions
{
    /// <summary>Retries after the first failure when neither the task nor the call sets them. Default 3 (env <c>MAX_RETRIES</c>).</summary>
    public int DefaultMaxRetries { get; set; } = 3;

    /// <summary>Largest payload accepted, in UTF-8 bytes; bigger ones are refused before any I/O. Default 1 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;
}
