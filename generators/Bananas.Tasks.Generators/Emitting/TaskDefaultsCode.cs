using System.Collections.Generic;
using System.Linq;
using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// The one mapping of <c>[BananaTask]</c>'s enqueue defaults (Route, Priority, MaxRetries, TimeoutSeconds, Description)
/// to the option properties they set. The proxy fills what a call's <c>JobOptions</c> leaves unset with them
/// (<see cref="ProxyEmitter"/>); a schedule's <c>PeriodicTaskOptions</c> takes them as they are
/// (<see cref="RegistrationEmitter"/>). Both option types name the properties alike, so one list serves both.
/// The unique, rate and flow-control settings (Unique, UniqueBy, UniqueForSeconds; RateLimit, RatePeriodSeconds,
/// PartitionBy; ConcurrencyLimit, ConcurrencyScope; SequenceBy, SequenceHold; DebounceSeconds, Replace, DebounceBy) are
/// the proxy's alone (<see cref="UniqueScopeExpression"/>, <see cref="UniqueKeyExpression"/>): a schedule has none
/// (<see cref="TaskDefaultsModel.ForSchedule"/>), and the keys are computed from each call's arguments.
/// </summary>
internal static class TaskDefaultsCode
{
    /// <summary>One default: the option property and the C# expression of its value.</summary>
    public readonly record struct Setting(string Property, string Value);

    /// <summary>The defaults the attribute sets that both option types take, in a fixed order (none for an empty model; never the unique ones).</summary>
    public static IReadOnlyList<Setting> Settings(TaskDefaultsModel d)
    {
        var settings = new List<Setting>();
        if (d.Route is not null) settings.Add(new("Route", Literals.String(d.Route)));
        if (d.Priority is { } priority) settings.Add(new("Priority", PriorityExpression(priority)));
        if (d.MaxRetries is { } retries) settings.Add(new("MaxRetries", Literals.Int(retries)));
        if (d.TimeoutSeconds is { } seconds) settings.Add(new("Timeout", $"{KnownTypes.TimeSpan}.FromSeconds({Literals.Int(seconds)})"));
        if (d.Description is not null) settings.Add(new("Description", Literals.String(d.Description)));
        return settings;
    }

    /// <summary>The sentence of the proxy's doc comment that states the defaults.</summary>
    public static string Describe(TaskDefaultsModel d)
    {
        if (d.IsEmpty) return "<c>[BananaTask]</c> sets no enqueue defaults: route <c>default</c>, priority Normal.";
        var parts = new List<string>();
        if (d.Route is not null) parts.Add($"route <c>{FileHeader.Xml(d.Route)}</c>");
        if (d.Priority is { } p) parts.Add("priority " + PriorityName(p));
        if (d.MaxRetries is { } r) parts.Add(Literals.Int(r) + " retries");
        if (d.TimeoutSeconds is { } t) parts.Add($"timeout {Literals.Int(t)} s");
        if (d.Description is not null) parts.Add("a description");
        if (d.Unique is { } u)
        {
            var unique = "unique " + UniqueScopeName(u);
            if (d.UniqueBy is { } by) unique += by.Count == 0 ? " (one job of the task)" : " by " + string.Join(", ", by.Select(n => $"<c>{FileHeader.Xml(n)}</c>"));
            if (d.UniqueForSeconds is { } f) unique += $" for {Literals.Int(f)} s";
            parts.Add(unique);
        }
        if (d.RateLimit is { } limit)
        {
            var rate = $"at most {Literals.Int(limit)} starts per {Literals.Int(d.RatePeriodSeconds ?? 1)} s";
            if (d.PartitionBy is { } by) rate += $" per <c>{FileHeader.Xml(by)}</c>";
            if (d.RateScope == 1) rate += " on the route";
            parts.Add(rate);
        }
        if (d.ConcurrencyLimit is { } concurrency)
        {
            var running = $"at most {Literals.Int(concurrency)} running at once";
            if (d.PartitionBy is { } by) running += $" per <c>{FileHeader.Xml(by)}</c>";
            if (d.ConcurrencyScope == 1) running += " on the route";
            parts.Add(running);
        }
        if (d.SequenceBy is { } sequence)
            parts.Add($"one at a time in order per <c>{FileHeader.Xml(sequence)}</c>" + (d.SequenceHold == 1 ? " (a dead job holds the sequence)" : ""));
        if (d.Debounces)
        {
            var debounce = d.DebounceSeconds is { } window ? $"debounced {Literals.Int(window)} s" : "replacing a waiting job";
            if (d.DebounceBy is { } by) debounce += " per " + string.Join(", ", by.Select(n => $"<c>{FileHeader.Xml(n)}</c>"));
            parts.Add(debounce);
        }
        return "Enqueue defaults from <c>[BananaTask]</c>: " + string.Join(", ", parts) + ".";
    }

    /// <summary>The <c>UniqueScope</c> member's name, or the number of another scope (the analyzer rejects those: BNT019).</summary>
    public static string UniqueScopeName(int scope) => scope switch
    {
        1 => "WhileQueued",
        2 => "WhileQueuedOrRunning",
        3 => "ForPeriod",
        _ => Literals.Int(scope),
    };

    /// <summary>A <c>UniqueScope</c> expression: the named member.</summary>
    public static string UniqueScopeExpression(int scope) => scope is >= 1 and <= 3
        ? KnownTypes.UniqueScope + "." + UniqueScopeName(scope)
        : "(" + KnownTypes.UniqueScope + ")(" + Literals.Int(scope) + ")";

    /// <summary>The <c>RateLimit</c> expression of <c>RateLimit</c> and <c>RatePeriodSeconds</c>.</summary>
    public static string RateLimitExpression(int limit, int periodSeconds) =>
        $"new {KnownTypes.RateLimit}({Literals.Int(limit)}, {KnownTypes.TimeSpan}.FromSeconds({Literals.Int(periodSeconds)}))";

    /// <summary>A <c>LimitScope</c> expression (the analyzer lets only Task and Route through: BNT025).</summary>
    public static string LimitScopeExpression(int scope) => scope == 1
        ? KnownTypes.LimitScope + ".Route"
        : "(" + KnownTypes.LimitScope + ")(" + Literals.Int(scope) + ")";

    /// <summary>A <c>SequenceHold</c> expression (the analyzer lets only the two members through: BNT025).</summary>
    public static string SequenceHoldExpression(int hold) => hold == 1
        ? KnownTypes.SequenceHold + ".UntilCompleted"
        : "(" + KnownTypes.SequenceHold + ")(" + Literals.Int(hold) + ")";

    /// <summary>
    /// The <c>DebounceKey</c> expression from the <c>DebounceBy</c> arguments (never empty: an empty <c>DebounceBy</c>
    /// is no key, one for the task), length-prefixed like a unique key.
    /// </summary>
    public static string DebounceKeyExpression(IReadOnlyList<string> arguments) =>
        $"{KnownTypes.TaskProxySupport}.UniqueKey({string.Join(", ", arguments.Select(a => $"{KnownTypes.TaskProxySupport}.UniqueText({a})"))})";

    /// <summary>The <c>UniqueFor</c> expression of <c>UniqueForSeconds</c>.</summary>
    public static string UniqueForExpression(int seconds) => $"{KnownTypes.TimeSpan}.FromSeconds({Literals.Int(seconds)})";

    /// <summary>
    /// The <c>UniqueKey</c> expression from the <c>UniqueBy</c> arguments (<c>TaskProxySupport.UniqueKey(TaskProxySupport.UniqueText(orderId), …)</c>);
    /// an empty <c>UniqueBy</c> gives one constant key (<c>"*"</c>, which no list of values gives: those are length-prefixed), one job of the task at a time.
    /// </summary>
    public static string UniqueKeyExpression(IReadOnlyList<string> arguments) => arguments.Count == 0
        ? Literals.String("*")
        : $"{KnownTypes.TaskProxySupport}.UniqueKey({string.Join(", ", arguments.Select(a => $"{KnownTypes.TaskProxySupport}.UniqueText({a})"))})";

    /// <summary><c>High</c>, <c>Normal</c>, <c>Low</c>, or the number of another priority.</summary>
    public static string PriorityName(int priority) => priority switch
    {
        1 => "High",
        2 => "Normal",
        3 => "Low",
        _ => Literals.Int(priority),
    };

    /// <summary>A <c>Priority</c> expression: the named member, or a cast of another number.</summary>
    public static string PriorityExpression(int priority) => priority is >= 1 and <= 3
        ? KnownTypes.Priority + "." + PriorityName(priority)
        : "(" + KnownTypes.Priority + ")(" + Literals.Int(priority) + ")";
}
