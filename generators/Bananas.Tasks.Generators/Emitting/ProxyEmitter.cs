using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>Emits the proxy's enqueue methods: each in a default-client form and an explicit-client form.</summary>
internal static class ProxyEmitter
{
    public static void Write(SourceWriter w, TaskEmitContext c)
    {
        var task = c.Task;
        var handleTask = $"{KnownTypes.Task}<{c.HandleType}>";
        var clientParam = $"{KnownTypes.IBananasClient} {c.Client}";
        var requireDefault = KnownTypes.BananasClient + ".RequireDefault()";
        var enqueue = c.Member("EnqueueAsync");
        var defaults = task.Defaults.IsEmpty ? c.Options : $"{c.Member("WithTaskDefaults")}({c.Options})";

        // EnqueueAsync
        w.Line("/// <summary>Enqueues the task through the host's default client (configured by <c>AddBananas()</c>).</summary>");
        w.Line($"public static {handleTask} EnqueueAsync({Join(c.ParameterList(), c.OptionsAndToken)})");
        w.Line($"    => {enqueue}({c.CallArguments(requireDefault, c.Options)});");
        w.Line();
        w.Line($"/// <summary>Enqueues the task through <paramref name=\"{c.Client}\"/>.</summary>");
        using (w.OpenBlock($"public static async {handleTask} EnqueueAsync({Join(c.ParameterList(leading: clientParam), c.OptionsAndToken)})"))
        {
            w.Line($"{KnownTypes.ArgumentNullException}.ThrowIfNull({c.Client});");
            w.Line($"var {c.JobId} = await {c.Client}.EnqueueAsync({c.Member("TaskName")}, {c.Member("EncodeArguments")}({c.ArgumentList}), {defaults}, {c.CancellationToken}).ConfigureAwait(false);");
            var decode = task.Result is null ? "" : ", " + c.Member("DecodeResult");
            w.Line($"return new {c.HandleType}({c.JobId}, {c.Client}{decode});");
        }
        w.Line();

        // EnqueueAndWaitAsync
        var waitResult = task.Result is { } r ? $"{KnownTypes.Task}<{r.TypeName}>" : KnownTypes.Task;
        var timeoutParam = $"{KnownTypes.TimeSpan} {c.Timeout}";
        var waitWhat = task.Result is null ? "finishes" : "returns its result";
        w.Line($"/// <summary>Enqueues the task through the default client and waits until it {waitWhat} (<see cref=\"global::System.TimeoutException\"/> after <paramref name=\"{c.Timeout}\"/>; the job goes on).</summary>");
        w.Line($"public static {waitResult} EnqueueAndWaitAsync({Join(c.ParameterList(extra: timeoutParam), c.OptionsAndToken)})");
        w.Line($"    => {c.Member("EnqueueAndWaitAsync")}({CallWithExtra(c, requireDefault, c.Timeout)});");
        w.Line();
        w.Line($"/// <summary>Enqueues the task through <paramref name=\"{c.Client}\"/> and waits until it {waitWhat} (<see cref=\"global::System.TimeoutException\"/> after <paramref name=\"{c.Timeout}\"/>; the job goes on).</summary>");
        using (w.OpenBlock($"public static async {waitResult} EnqueueAndWaitAsync({Join(c.ParameterList(extra: timeoutParam, leading: clientParam), c.OptionsAndToken)})"))
        {
            w.Line($"var {c.Handle} = await {enqueue}({c.CallArguments(c.Client, c.Options)}).ConfigureAwait(false);");
            w.Line(task.Result is null
                ? $"await {c.Handle}.WaitForCompletionAsync({c.Timeout}, {c.CancellationToken}).ConfigureAwait(false);"
                : $"return await {c.Handle}.WaitAsync({c.Timeout}, {c.CancellationToken}).ConfigureAwait(false);");
        }
        w.Line();

        // EnqueueInAsync / EnqueueAtAsync
        var delayParam = $"{KnownTypes.TimeSpan} {c.Delay}";
        var runAtParam = $"{KnownTypes.DateTimeOffset} {c.RunAt}";
        var withDelay = $"{KnownTypes.TaskProxySupport}.WithDelay({c.Options}, {c.Delay})";
        var withRunAt = $"{KnownTypes.TaskProxySupport}.WithRunAt({c.Options}, {c.RunAt})";
        w.Line($"/// <summary>Enqueues the task through the default client to run no earlier than <paramref name=\"{c.Delay}\"/> from now.</summary>");
        w.Line($"public static {handleTask} EnqueueInAsync({Join(c.ParameterList(leading: delayParam), c.OptionsAndToken)})");
        w.Line($"    => {enqueue}({c.CallArguments(requireDefault, withDelay)});");
        w.Line();
        w.Line($"/// <summary>Enqueues the task through <paramref name=\"{c.Client}\"/> to run no earlier than <paramref name=\"{c.Delay}\"/> from now.</summary>");
        w.Line($"public static {handleTask} EnqueueInAsync({Join(c.ParameterList(leading: clientParam + ", " + delayParam), c.OptionsAndToken)})");
        w.Line($"    => {enqueue}({c.CallArguments(c.Client, withDelay)});");
        w.Line();
        w.Line($"/// <summary>Enqueues the task through the default client to run no earlier than <paramref name=\"{c.RunAt}\"/>.</summary>");
        w.Line($"public static {handleTask} EnqueueAtAsync({Join(c.ParameterList(leading: runAtParam), c.OptionsAndToken)})");
        w.Line($"    => {enqueue}({c.CallArguments(requireDefault, withRunAt)});");
        w.Line();
        w.Line($"/// <summary>Enqueues the task through <paramref name=\"{c.Client}\"/> to run no earlier than <paramref name=\"{c.RunAt}\"/>.</summary>");
        w.Line($"public static {handleTask} EnqueueAtAsync({Join(c.ParameterList(leading: clientParam + ", " + runAtParam), c.OptionsAndToken)})");
        w.Line($"    => {enqueue}({c.CallArguments(c.Client, withRunAt)});");
        w.Line();

        if (!task.Defaults.IsEmpty) WriteDefaults(w, c);
    }

    private static void WriteDefaults(SourceWriter w, TaskEmitContext c)
    {
        var d = c.Task.Defaults;
        var o = c.Options;
        w.Line($"/// <summary>Fills what <paramref name=\"{o}\"/> leaves unset with the defaults of <c>[BananaTask]</c>.</summary>");
        w.Line($"private static {KnownTypes.JobOptions} WithTaskDefaults({KnownTypes.JobOptions}? {o}) =>");
        w.Line($"    ({o} ?? new {KnownTypes.JobOptions}()) with");
        w.Line("    {");
        foreach (var setting in TaskDefaultsCode.Settings(d)) w.Line($"        {setting.Property} = {o}?.{setting.Property} ?? {setting.Value},");
        w.Line("    };");
        w.Line();
    }

    /// <summary>Arguments of the explicit-client EnqueueAndWaitAsync call: the timeout goes after the last required argument.</summary>
    private static string CallWithExtra(TaskEmitContext c, string client, string extra)
    {
        var parts = new System.Collections.Generic.List<string> { client };
        int lastRequired = -1;
        for (int i = 0; i < c.Payload.Count; i++) if (!c.Payload[i].IsOptional) lastRequired = i;
        if (lastRequired < 0) parts.Add(extra);
        for (int i = 0; i < c.Payload.Count; i++)
        {
            parts.Add(FileHeader.Identifier(c.Payload[i].Name));
            if (i == lastRequired) parts.Add(extra);
        }
        parts.Add(c.Options);
        parts.Add(c.CancellationToken);
        return string.Join(", ", parts);
    }

    private static string Join(string first, string second) => first.Length == 0 ? second : first + ", " + second;
}
