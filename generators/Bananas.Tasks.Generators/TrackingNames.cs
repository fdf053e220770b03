namespace Bananas.Tasks.Generators;

/// <summary>Names of the tracked pipeline steps, for the incremental-caching tests.</summary>
internal static class TrackingNames
{
    /// <summary>Result of parsing each <c>[BananaTask]</c> method (null when the generator cannot generate it).</summary>
    public const string ParsedTasks = nameof(ParsedTasks);
    /// <summary>The task models that will be generated.</summary>
    public const string Tasks = nameof(Tasks);
    /// <summary>The <c>[BananasJsonContext]</c> registration.</summary>
    public const string JsonContext = nameof(JsonContext);
    /// <summary>Tasks whose proxy no other task shares, paired with their unique hint names.</summary>
    public const string TaskFiles = nameof(TaskFiles);
    /// <summary>Task files combined with the JSON context: the input of each task's source output.</summary>
    public const string TaskFilesWithJson = nameof(TaskFilesWithJson);
    /// <summary>The collected registration entries, without tasks whose proxy another task shares.</summary>
    public const string Registrations = nameof(Registrations);
}
