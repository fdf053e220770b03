using System.Collections.Generic;
using System.Linq;
using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>One task being emitted: its model, the JSON context, and the names the generated code uses.</summary>
internal sealed class TaskEmitContext
{
    private static readonly string[] MemberNames =
    {
        "TaskName", "EnqueueAsync", "EnqueueAndWaitAsync", "EnqueueInAsync", "EnqueueAtAsync", "WithTaskDefaults",
        "EncodePayload", "EncodeArguments", "DecodeArguments", "EncodeResult", "DecodeResult", "EncodeProgress", "DecodeProgress", "InvokeAsync",
        "Call", "EncodeArgumentsAfterFirst", "EncodeNoResult", "DecodeNoResult", "WithStepDefaults",
    };

    private readonly bool _qualifyMembers;

    public TaskEmitContext(TaskModel task, JsonContextModel json)
    {
        Task = task;
        Json = json;
        Payload = task.Parameters.Where(p => !p.IsInjected).ToList();
        // Only payload parameters are declared in generated code (proxy parameters, the codec's parameters and outs,
        // the invoker's locals); an injected CancellationToken, TaskContext or IProgress<T> is passed as
        // context.CancellationToken, context or context.CreateProgress<T>(EncodeProgress) and never named. So injected names neither take a name nor shadow a member.
        var declared = Payload.Select(p => p.Name).ToList();
        _qualifyMembers = declared.Any(n => MemberNames.Contains(n));
        var scope = new NameScope(declared);
        Client = scope.Take("client");
        Options = scope.Take("options");
        CancellationToken = scope.Take("cancellationToken");
        Timeout = scope.Take("timeout");
        Delay = scope.Take("delay");
        RunAt = scope.Take("runAt");
        Handle = scope.Take("handle");
        Buffer = scope.Take("buffer");
        Writer = scope.Take("writer");
        PayloadText = scope.Take("payload");
        Reader = scope.Take("reader");
        Context = scope.Take("context");
        Handler = scope.Take("handler");
        Result = scope.Take("result");
        Id = scope.Take("id");
        Enqueued = scope.Take("enqueued");
        Unique = scope.Take("unique");
        Seen = Payload.ToDictionary(p => p.Name, p => scope.Take(p.Name + "Seen"));
        Debounce = scope.Take("debounce");
        Replace = scope.Take("replace");
        InputType = scope.Take("TInput");
    }

    public TaskModel Task { get; }
    public JsonContextModel Json { get; }

    /// <summary>The parameters that travel in the payload (all but the injected CancellationToken and TaskContext).</summary>
    public IReadOnlyList<ParameterModel> Payload { get; }

    public string Client { get; }
    public string Options { get; }
    public string CancellationToken { get; }
    public string Timeout { get; }
    public string Delay { get; }
    public string RunAt { get; }
    public string Handle { get; }
    public string Buffer { get; }
    public string Writer { get; }
    public string PayloadText { get; }
    public string Reader { get; }
    public string Context { get; }
    public string Handler { get; }
    public string Result { get; }
    public string Id { get; }
    public string Enqueued { get; }
    public string Unique { get; }
    /// <summary>The local of <c>WithTaskDefaults</c> that holds the call's debounce window, for its debounce key.</summary>
    public string Debounce { get; }
    /// <summary>The local of <c>WithTaskDefaults</c> that says the call replaces, for its debounce key.</summary>
    public string Replace { get; }
    /// <summary>The type parameter of the workflow <c>Call</c> whose first argument is the step before (<c>TInput</c>).</summary>
    public string InputType { get; }

    /// <summary>The payload parameters <c>UniqueBy</c> names, in its order: the arguments <c>WithTaskDefaults</c> builds the unique key from.</summary>
    public IReadOnlyList<ParameterModel> UniqueBy => Task.Defaults.UniqueBy is { } names
        ? names.Select(n => Payload.First(p => p.Name == n)).ToList()
        : new List<ParameterModel>();

    /// <summary>The payload parameter <c>PartitionBy</c> names (the rate and concurrency partition's text), or null.</summary>
    public ParameterModel? PartitionBy => Task.Defaults.PartitionBy is { } name ? Payload.First(p => p.Name == name) : null;

    /// <summary>The payload parameter <c>SequenceBy</c> names (the sequence key's text), or null.</summary>
    public ParameterModel? SequenceBy => Task.Defaults.SequenceBy is { } name ? Payload.First(p => p.Name == name) : null;

    /// <summary>The payload parameters <c>DebounceBy</c> names, in its order: the arguments <c>WithTaskDefaults</c> builds the debounce key from.</summary>
    public IReadOnlyList<ParameterModel> DebounceBy => Task.Defaults.DebounceBy is { } names
        ? names.Select(n => Payload.First(p => p.Name == n)).ToList()
        : new List<ParameterModel>();

    /// <summary>
    /// The arguments <c>WithTaskDefaults</c> takes, in order, each once: the <see cref="UniqueBy"/> parameters, then
    /// <see cref="PartitionBy"/>, <see cref="SequenceBy"/> and the <see cref="DebounceBy"/> parameters.
    /// </summary>
    public IReadOnlyList<ParameterModel> DefaultsArguments
    {
        get
        {
            var arguments = UniqueBy.ToList();
            var more = new List<ParameterModel>();
            if (PartitionBy is { } partition) more.Add(partition);
            if (SequenceBy is { } sequence) more.Add(sequence);
            more.AddRange(DebounceBy);
            foreach (var parameter in more)
            {
                if (!arguments.Any(p => p.Name == parameter.Name)) arguments.Add(parameter);
            }
            return arguments;
        }
    }

    /// <summary>Per payload parameter, the local flag that says its property was read.</summary>
    public IReadOnlyDictionary<string, string> Seen { get; }

    /// <summary>What the invoker passes for <paramref name="parameter"/>: the job's token, the context itself, or the decoded argument.</summary>
    public string InvokerArgument(ParameterModel parameter) => parameter.Role switch
    {
        TaskParameterRole.CancellationToken => Context + ".CancellationToken",
        TaskParameterRole.TaskContext => Context,
        TaskParameterRole.Progress => $"{Context}.CreateProgress<{parameter.Value!.TypeName}>({Member("EncodeProgress")})",
        _ => FileHeader.Identifier(parameter.Name),
    };

    /// <summary>A reference to a member of the proxy, qualified when a task parameter would shadow it.</summary>
    public string Member(string name) => _qualifyMembers ? Task.ProxyTypeName + "." + name : name;

    /// <summary>The type of T of the task's injected <c>IProgress&lt;T&gt;</c>, or null when it takes none.</summary>
    public ValueModel? Progress => Task.Parameters.FirstOrDefault(p => p.Role == TaskParameterRole.Progress)?.Value;

    /// <summary>
    /// The type of the proxy's handle: <c>JobHandle&lt;TResult&gt;</c> or <c>JobHandle</c>; for a task with progress
    /// <c>JobHandle&lt;TResult, TProgress&gt;</c> or <c>ProgressJobHandle&lt;TProgress&gt;</c>.
    /// </summary>
    public string HandleType => (Task.Result, Progress) switch
    {
        ({ } r, { } p) => KnownTypes.JobHandle + "<" + r.TypeName + ", " + p.TypeName + ">",
        ({ } r, null) => KnownTypes.JobHandle + "<" + r.TypeName + ">",
        (null, { } p) => KnownTypes.ProgressJobHandle + "<" + p.TypeName + ">",
        _ => KnownTypes.JobHandle,
    };

    /// <summary>The decoders the handle's constructor and <c>TaskProxySupport.GetHandle</c> take after the client: "", ", DecodeResult", ", DecodeProgress" or both.</summary>
    public string HandleDecoders => (Task.Result is null ? "" : ", " + Member("DecodeResult")) + (Progress is null ? "" : ", " + Member("DecodeProgress"));

    /// <summary>Declarations of the payload parameters; <paramref name="extra"/> goes after the last required one.</summary>
    public string ParameterList(string? extra = null, string? leading = null)
    {
        var parts = new List<string>();
        if (leading is not null) parts.Add(leading);
        int lastRequired = -1;
        for (int i = 0; i < Payload.Count; i++) if (!Payload[i].IsOptional) lastRequired = i;
        if (extra is not null && lastRequired < 0) parts.Add(extra);
        for (int i = 0; i < Payload.Count; i++)
        {
            var p = Payload[i];
            var declaration = p.Value!.TypeName + " " + FileHeader.Identifier(p.Name);
            if (p.DefaultValueLiteral is { } literal) declaration += " = " + DefaultFor(p, literal);
            parts.Add(declaration);
            if (extra is not null && i == lastRequired) parts.Add(extra);
        }
        return string.Join(", ", parts);
    }

    /// <summary>The payload parameters as arguments (<c>url, width</c>).</summary>
    public string ArgumentList => string.Join(", ", Payload.Select(p => FileHeader.Identifier(p.Name)));

    /// <summary>Trailing options and token declarations of every enqueue method.</summary>
    public string OptionsAndToken => $"{KnownTypes.JobOptions}? {Options} = null, {KnownTypes.CancellationToken} {CancellationToken} = default";

    /// <summary>Arguments, then <paramref name="options"/> and the token, comma-joined without empty parts.</summary>
    public string CallArguments(string? first, string options) =>
        string.Join(", ", new[] { first, ArgumentList, options, CancellationToken }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>A default value usable in this #nullable enable file (a null default of a non-nullable reference gets <c>!</c>).</summary>
    public static string DefaultFor(ParameterModel parameter, string literal) =>
        literal == "null" && !parameter.Value!.AllowsNull ? "null!" : literal;
}
