using System.Collections.Generic;
using System.Linq;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>Emits the proxy's enqueue methods and <c>GetHandle</c>: each in a default-client form and an explicit-client form.</summary>
internal static class ProxyEmitter
{
    public static void Write(SourceWriter w, TaskEmitContext c)
    {
        var task = c.Task;
        var handleTask = $"{KnownTypes.Task}<{c.HandleType}>";
        var clientParam = $"{KnownTypes.IBananasClient} {c.Client}";
        var requireDefault = KnownTypes.BananasClient + ".RequireDefault()";
        var enqueue = c.Member("EnqueueAsync");
        var defaults = task.Defaults.IsEmpty ? c.Options
            : $"{c.Member("WithTaskDefaults")}({string.Join(", ", new[] { c.Options }.Concat(c.DefaultsArguments.Select(p => FileHeader.Identifier(p.Name))))})";
        var decode = c.HandleDecoders;
        w.Lines($$"""
            /// <summary>Enqueues the task through the host's default client (configured by <c>AddBananas()</c>).</summary>
            public static {{handleTask}} EnqueueAsync({{Join(c.ParameterList(), c.OptionsAndToken)}})
                => {{enqueue}}({{c.CallArguments(requireDefault, c.Options)}});

            /// <summary>Enqueues the task through <paramref name="{{c.Client}}"/>.</summary>
            public static async {{handleTask}} EnqueueAsync({{Join(c.ParameterList(leading: clientParam), c.OptionsAndToken)}})
            {
                {{KnownTypes.ArgumentNullException}}.ThrowIfNull({{c.Client}});
                var {{c.Enqueued}} = await {{c.Client}}.SubmitAsync({{c.Member("TaskName")}}, {{c.Member("EncodePayload")}}({{c.ArgumentList}}), {{defaults}}, {{c.CancellationToken}}).ConfigureAwait(false);
                return new {{c.HandleType}}({{c.Enqueued}}.Id, {{c.Client}}{{decode}}, {{c.Enqueued}}.Duplicate, {{c.Enqueued}}.Replaced);
            }

            """);

        var waitResult = task.Result is { } r ? $"{KnownTypes.Task}<{r.TypeName}>" : KnownTypes.Task;
        var timeoutParam = $"{KnownTypes.TimeSpan} {c.Timeout}";
        var waitWhat = task.Result is null ? "finishes" : "returns its result";
        var wait = task.Result is null
            ? $"await {c.Handle}.WaitForCompletionAsync({c.Timeout}, {c.CancellationToken}).ConfigureAwait(false);"
            : $"return await {c.Handle}.WaitAsync({c.Timeout}, {c.CancellationToken}).ConfigureAwait(false);";
        w.Lines($$"""
            /// <summary>Enqueues the task through the default client and waits until it {{waitWhat}} (<see cref="global::System.TimeoutException"/> after <paramref name="{{c.Timeout}}"/>; the job goes on).</summary>
            public static {{waitResult}} EnqueueAndWaitAsync({{Join(c.ParameterList(extra: timeoutParam), c.OptionsAndToken)}})
                => {{c.Member("EnqueueAndWaitAsync")}}({{CallWithExtra(c, requireDefault, c.Timeout)}});

            /// <summary>Enqueues the task through <paramref name="{{c.Client}}"/> and waits until it {{waitWhat}} (<see cref="global::System.TimeoutException"/> after <paramref name="{{c.Timeout}}"/>; the job goes on).</summary>
            public static async {{waitResult}} EnqueueAndWaitAsync({{Join(c.ParameterList(extra: timeoutParam, leading: clientParam), c.OptionsAndToken)}})
            {
                var {{c.Handle}} = await {{enqueue}}({{c.CallArguments(c.Client, $"{KnownTypes.TaskProxySupport}.ForWaiting({c.Options})")}}).ConfigureAwait(false);
                {{wait}}
            }

            """);

        var delayParam = $"{KnownTypes.TimeSpan} {c.Delay}";
        var runAtParam = $"{KnownTypes.DateTimeOffset} {c.RunAt}";
        var withDelay = $"{KnownTypes.TaskProxySupport}.WithDelay({c.Options}, {c.Delay})";
        var withRunAt = $"{KnownTypes.TaskProxySupport}.WithRunAt({c.Options}, {c.RunAt})";
        w.Lines($$"""
            /// <summary>Enqueues the task through the default client to run no earlier than <paramref name="{{c.Delay}}"/> from now.</summary>
            public static {{handleTask}} EnqueueInAsync({{Join(c.ParameterList(leading: delayParam), c.OptionsAndToken)}})
                => {{enqueue}}({{c.CallArguments(requireDefault, withDelay)}});

            /// <summary>Enqueues the task through <paramref name="{{c.Client}}"/> to run no earlier than <paramref name="{{c.Delay}}"/> from now.</summary>
            public static {{handleTask}} EnqueueInAsync({{Join(c.ParameterList(leading: clientParam + ", " + delayParam), c.OptionsAndToken)}})
                => {{enqueue}}({{c.CallArguments(c.Client, withDelay)}});

            /// <summary>Enqueues the task through the default client to run no earlier than <paramref name="{{c.RunAt}}"/>.</summary>
            public static {{handleTask}} EnqueueAtAsync({{Join(c.ParameterList(leading: runAtParam), c.OptionsAndToken)}})
                => {{enqueue}}({{c.CallArguments(requireDefault, withRunAt)}});

            /// <summary>Enqueues the task through <paramref name="{{c.Client}}"/> to run no earlier than <paramref name="{{c.RunAt}}"/>.</summary>
            public static {{handleTask}} EnqueueAtAsync({{Join(c.ParameterList(leading: clientParam + ", " + runAtParam), c.OptionsAndToken)}})
                => {{enqueue}}({{c.CallArguments(c.Client, withRunAt)}});

            """);

        WriteGetHandle(w, c, clientParam, requireDefault);
        if (!task.Defaults.IsEmpty) WriteDefaults(w, c);
    }

    /// <summary>
    /// <c>GetHandle(id)</c> and <c>GetHandle(client, id)</c>: the task's handle type for an existing job, from its id
    /// (<c>JobId.Parse(text)</c> in another process), through <c>TaskProxySupport.GetHandle</c>; nothing is read.
    /// </summary>
    private static void WriteGetHandle(SourceWriter w, TaskEmitContext c, string clientParam, string requireDefault)
    {
        var idParam = $"{KnownTypes.JobId} {c.Id}";
        var decode = c.HandleDecoders;
        var what = c.Task.Result is null ? "status and completion" : "status, wait and the typed result";
        if (c.Progress is not null) what = c.Task.Result is null ? "status, completion and the typed progress" : "status, wait, the typed result and the typed progress";
        var getHandle = c.Task.Result is null && c.Progress is not null ? "GetProgressHandle" : "GetHandle";
        w.Lines($$"""
            /// <summary>
            /// The handle of the existing job <paramref name="{{c.Id}}"/> (e.g. <c>JobId.Parse(text)</c> of an id an enqueue returned), through the
            /// default client: {{what}}. Nothing is read: an id with no job gives a handle whose status is null.
            /// </summary>
            public static {{c.HandleType}} GetHandle({{idParam}})
                => {{c.Member("GetHandle")}}({{requireDefault}}, {{c.Id}});

            /// <summary>The handle of the existing job <paramref name="{{c.Id}}"/>, through <paramref name="{{c.Client}}"/>: {{what}}. Nothing is read.</summary>
            public static {{c.HandleType}} GetHandle({{clientParam}}, {{idParam}})
                => {{KnownTypes.TaskProxySupport}}.{{getHandle}}({{c.Client}}, {{c.Id}}{{decode}});

            """);
    }

    /// <summary>
    /// <c>WithTaskDefaults(options)</c>: each default of <see cref="TaskDefaultsCode.Settings"/> where the call leaves it unset.
    /// With <c>Unique</c>, also the scope, and, while the job is unique (the call's own <c>Unique</c> wins, and its None turns
    /// the rest off), the period and the key; the key is built from the <c>UniqueBy</c> arguments, which the method then takes
    /// (<c>WithTaskDefaults(options, orderId)</c>). A call's own <c>UniqueFor</c> and <c>UniqueKey</c> win too. Likewise the
    /// rate and concurrency limits (their partition's text from the <c>PartitionBy</c> argument), the sequence key (from
    /// the <c>SequenceBy</c> argument) and the debounce (<see cref="AddDebounce"/>).
    /// </summary>
    private static void WriteDefaults(SourceWriter w, TaskEmitContext c)
    {
        var o = c.Options;
        var d = c.Task.Defaults;
        var settings = TaskDefaultsCode.Settings(d).Select(s => $"{s.Property} = {o}?.{s.Property} ?? {s.Value},").ToList();
        var locals = new List<string>();
        var parameters = string.Join("", c.DefaultsArguments.Select(p => ", " + p.Value!.TypeName + " " + FileHeader.Identifier(p.Name)));
        // The rate limit: the call's own RateLimit wins, and so does its RateKey (the partition's text, PartitionBy).
        if (d.RateLimit is { } limit)
        {
            settings.Add($"RateLimit = {o}?.RateLimit ?? {TaskDefaultsCode.RateLimitExpression(limit, d.RatePeriodSeconds ?? 1)},");
            if (d.RateScope is { } rateScope)
                settings.Add($"RateScope = {o}?.RateScope ?? {TaskDefaultsCode.LimitScopeExpression(rateScope)},");
            if (c.PartitionBy is { } partition)
                settings.Add($"RateKey = {o}?.RateKey ?? {KnownTypes.TaskProxySupport}.UniqueText({FileHeader.Identifier(partition.Name)}),");
        }
        var signature = $"private static {KnownTypes.JobOptions} WithTaskDefaults({KnownTypes.JobOptions}? {o}{parameters})";
        var summary = $"/// <summary>Fills what <paramref name=\"{o}\"/> leaves unset with the defaults of <c>[BananaTask]</c>.</summary>";

        var unique = new List<string>();
        if (d.UniqueForSeconds is { } seconds) unique.Add($"UniqueFor = {c.Unique} == {KnownTypes.UniqueScope}.None ? {o}?.UniqueFor : {o}?.UniqueFor ?? {TaskDefaultsCode.UniqueForExpression(seconds)},");
        if (d.UniqueBy is not null)
            unique.Add($"UniqueKey = {c.Unique} == {KnownTypes.UniqueScope}.None ? {o}?.UniqueKey : {o}?.UniqueKey ?? {TaskDefaultsCode.UniqueKeyExpression(c.UniqueBy.Select(p => FileHeader.Identifier(p.Name)).ToList())},");
        if (d.Unique is { } scope && unique.Count > 0)
        {
            locals.Add($"var {c.Unique} = {o}?.Unique ?? {TaskDefaultsCode.UniqueScopeExpression(scope)};");
            settings.Add($"Unique = {c.Unique},");
            settings.AddRange(unique);
        }
        else if (d.Unique is { } only) settings.Add($"Unique = {o}?.Unique ?? {TaskDefaultsCode.UniqueScopeExpression(only)},");

        // The concurrency limit: the call's own ConcurrencyLimit, ConcurrencyKey (the partition's text) and scope win.
        if (d.ConcurrencyLimit is { } concurrency)
        {
            settings.Add($"ConcurrencyLimit = {o}?.ConcurrencyLimit ?? {Literals.Int(concurrency)},");
            if (c.PartitionBy is { } partition)
                settings.Add($"ConcurrencyKey = {o}?.ConcurrencyKey ?? {KnownTypes.TaskProxySupport}.UniqueText({FileHeader.Identifier(partition.Name)}),");
            if (d.ConcurrencyScope is { } limitScope)
                settings.Add($"ConcurrencyScope = {o}?.ConcurrencyScope ?? {TaskDefaultsCode.LimitScopeExpression(limitScope)},");
        }
        // The sequence: the call's own SequenceKey and hold win.
        if (c.SequenceBy is { } sequence)
        {
            settings.Add($"SequenceKey = {o}?.SequenceKey ?? {KnownTypes.TaskProxySupport}.UniqueText({FileHeader.Identifier(sequence.Name)}),");
            if (d.SequenceHold is { } hold)
                settings.Add($"SequenceHold = {o}?.SequenceHold ?? {TaskDefaultsCode.SequenceHoldExpression(hold)},");
        }
        AddDebounce(c, settings, locals);

        if (locals.Count > 0)
        {
            w.Lines($$"""
                {{summary}}
                {{signature}}
                {
                    {{string.Join("\n", locals)}}
                    return ({{o}} ?? new {{KnownTypes.JobOptions}}()) with
                    {
                        {{string.Join("\n", settings)}}
                    };
                }

                """);
            return;
        }
        w.Lines($$"""
            {{summary}}
            {{signature}} =>
                ({{o}} ?? new {{KnownTypes.JobOptions}}()) with
                {
                    {{string.Join("\n", settings)}}
                };

            """);
    }

    /// <summary>
    /// Debounce and replace, which are exclusive, and exclusive with <c>Unique</c>: each decides what a second enqueue
    /// with the same key does, and the client refuses two of them. So the call's choice wins: its own <c>Debounce</c>
    /// wins, and a call that sets <c>Replace</c> or a <c>Unique</c> scope gets no debounce from the task; a call that sets
    /// <c>Debounce</c> or a <c>Unique</c> scope gets no replace from it (<c>Replace</c> is a plain bool: a call cannot
    /// say "no replace" but by choosing something else). The debounce key from the <c>DebounceBy</c> arguments goes with
    /// whichever of the two the job ends up with (the call's own <c>DebounceKey</c> wins), and with neither is left as
    /// the call set it.
    /// </summary>
    private static void AddDebounce(TaskEmitContext c, List<string> settings, List<string> locals)
    {
        var o = c.Options;
        var d = c.Task.Defaults;
        if (!d.Debounces) return;
        var notUnique = $"{o}?.Unique is null or {KnownTypes.UniqueScope}.None";
        var key = c.DebounceBy.Count == 0 ? null
            : TaskDefaultsCode.DebounceKeyExpression(c.DebounceBy.Select(p => FileHeader.Identifier(p.Name)).ToList());
        if (d.DebounceSeconds is { } seconds)
        {
            var debounce = $"{o}?.Replace == true || {o}?.Unique is not (null or {KnownTypes.UniqueScope}.None) ? {o}?.Debounce : {o}?.Debounce ?? {KnownTypes.TimeSpan}.FromSeconds({Literals.Int(seconds)})";
            if (key is null)
            {
                settings.Add($"Debounce = {debounce},");
                return;
            }
            locals.Add($"var {c.Debounce} = {debounce};");
            settings.Add($"Debounce = {c.Debounce},");
            settings.Add($"DebounceKey = {c.Debounce} is null && {o}?.Replace != true ? {o}?.DebounceKey : {o}?.DebounceKey ?? {key},");
            return;
        }
        var replace = $"{o}?.Replace == true || ({o}?.Debounce is null && {notUnique})";
        if (key is null)
        {
            settings.Add($"Replace = {replace},");
            return;
        }
        locals.Add($"var {c.Replace} = {replace};");
        settings.Add($"Replace = {c.Replace},");
        settings.Add($"DebounceKey = !{c.Replace} && {o}?.Debounce is null ? {o}?.DebounceKey : {o}?.DebounceKey ?? {key},");
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
