using System.Linq;
using System.Collections.Generic;
using System.Threading;
using Bananas.Tasks.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>
/// Turns a <c>[BananaTask]</c> method into a <see cref="TaskModel"/>, or null when no task can be generated for it.
/// Whether it can is <see cref="TaskShape"/>'s decision, the same code the analyzers report from: the generator
/// skips exactly what they reject. It never reports: the analyzers explain what is wrong, the generator stays
/// silent (and cacheable).
/// </summary>
internal static class TaskParser
{
    public static TaskModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0) return null;
        var shape = TaskShape.Of(method, context.Attributes[0]);
        if (shape is null || !shape.IsTask) return null;
        var handler = method.ContainingType;

        // The proxy would clash with a type already there (CS0101/CS0436 in generated code would hide the analyzers'
        // BNT030): generate nothing for this task. The generator sees the compilation without its own output.
        if (shape.FindProxyCollision(context.SemanticModel.Compilation) is not null) return null;

        ValueModel? result = null;
        if (shape.ResultType is { } resultType && (result = ValueParser.Parse(resultType)) is null) return null;

        var parameters = new List<ParameterModel>(method.Parameters.Length);
        var payload = method.Parameters.Where((_, i) => shape.ParameterRoles[i] == TaskParameterRole.Payload).ToList();
        bool isPublic = method.DeclaredAccessibility == Accessibility.Public && AccessibilityHelper.IsEffectivelyPublic(handler);
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameter = method.Parameters[i];
            var role = shape.ParameterRoles[i];
            if (role == TaskParameterRole.Progress)
            {
                // Injected; its T is encoded like a result (EncodeProgress), so it carries T's value model.
                var progress = ValueParser.Parse(TaskTypeRules.ProgressType(parameter.Type)!);
                if (progress is null) return null;
                parameters.Add(new ParameterModel(parameter.Name, progress, null, role));
                continue;
            }
            if (role != TaskParameterRole.Payload)
            {
                parameters.Add(new ParameterModel(parameter.Name, null, null, role));
                continue;
            }
            // Null only for a type the compiler already reports (an unresolved type): nothing to add to its error.
            var value = ValueParser.Parse(parameter.Type);
            if (value is null) return null;
            isPublic &= AccessibilityHelper.IsEffectivelyPublic(parameter.Type);
            var sensitive = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == BananasRules.SensitiveAttributeFullName);
            // [BananaArgument("old")]: payload names of jobs queued before a rename, read into this parameter too.
            var oldNames = new EquatableArray<string>(TaskArgumentNames.OldNames(parameter, payload));
            parameters.Add(new ParameterModel(parameter.Name, value, DefaultValueFormatter.Format(parameter), IsSensitive: sensitive, OldNames: oldNames));
        }
        if (shape.ResultType is { } typed) isPublic &= AccessibilityHelper.IsEffectivelyPublic(typed);

        string? route = null, description = null, cron = null, timeZone = null, cronArgs = null;
        int? priority = null, maxRetries = null, timeoutSeconds = null, keepCompletedSeconds = null, unique = null, uniqueForSeconds = null, rateLimit = null;
        int ratePeriodSeconds = 1;
        int? concurrencyLimit = null, concurrencyScope = null, rateScope = null, sequenceHold = null, debounceSeconds = null;
        bool replace = false;
        string? partitionBy = null, sequenceBy = null;
        List<string>? uniqueBy = null, debounceBy = null;
        foreach (var argument in context.Attributes[0].NamedArguments)
        {
            var value = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
            switch (argument.Key)
            {
                case "Route": route = value as string; break;
                case "Description": description = value as string; break;
                case "Priority": priority = value is int p ? p : null; break;
                case "MaxRetries": maxRetries = value is int r && r != -1 ? r : null; break;
                case "TimeoutSeconds": timeoutSeconds = value is int t && t != 0 ? t : null; break;
                case "KeepCompletedSeconds": keepCompletedSeconds = value is int k && k != -1 ? k : null; break;
                case "Cron": cron = value as string; break;
                case "TimeZone": timeZone = value as string; break;
                case "CronArgs": cronArgs = value as string; break;
                case "Unique": unique = value is int u && u != 0 ? u : null; break;
                case "UniqueForSeconds": uniqueForSeconds = value is int f && f > 0 ? f : null; break;
                case "RateLimit": rateLimit = value is int l && l > 0 ? l : null; break;
                case "RatePeriodSeconds": if (value is int rp) ratePeriodSeconds = rp; break;
                case "RateScope": rateScope = value is int rs && rs != 0 ? rs : null; break;
                case "PartitionBy": partitionBy = value as string; break;
                case "ConcurrencyLimit": concurrencyLimit = value is int c && c > 0 ? c : null; break;
                case "ConcurrencyScope": concurrencyScope = value is int cs && cs != 0 ? cs : null; break;
                case "SequenceBy": sequenceBy = value as string; break;
                case "SequenceHold": sequenceHold = value is int h && h != 0 ? h : null; break;
                case "DebounceSeconds": debounceSeconds = value is int d && d > 0 ? d : null; break;
                case "Replace": replace = value is true; break;
                // Names (nameof(...) or literals: constants either way) of payload parameters; TaskShape rejected any other.
                case "UniqueBy": uniqueBy = Names(argument.Value); break;
                case "DebounceBy": debounceBy = Names(argument.Value); break;
            }
        }

        // A schedule the scheduler would refuse at start-up (BNT100: a cron expression it cannot parse or that never
        // occurs; BNT101: a time zone this machine cannot resolve): no task, like any other attribute value the
        // analyzers reject. The rules are the runtime's and the analyzer's own (Shared/CronRules.cs, Shared/TimeZoneRules.cs).
        if (cron is not null && CronRules.Parse(cron, out _, out _, out _) is null) return null;
        if (timeZone is not null && !TimeZoneRules.IsKnownAtCompileTime(timeZone)) return null;

        var ns = handler.ContainingNamespace;
        return new TaskModel(
            Namespace: ns is null || ns.IsGlobalNamespace ? "" : ns.ToDisplayString(),
            HandlerTypeName: handler.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            HandlerHintName: HintName(handler),
            MethodName: method.Name,
            ProxyName: shape.ProxyName,
            TaskName: shape.TaskName,
            IsPublic: isPublic,
            IsStatic: method.IsStatic,
            Parameters: new EquatableArray<ParameterModel>(parameters),
            Result: result,
            // Without a unique scope, UniqueBy and UniqueForSeconds do nothing (BNT009 warns): they are left out.
            Defaults: new TaskDefaultsModel(route, priority, maxRetries, timeoutSeconds, description,
                Unique: unique,
                UniqueBy: unique is null || uniqueBy is null ? null : new EquatableArray<string>(uniqueBy),
                UniqueForSeconds: unique is null ? null : uniqueForSeconds,
                // Likewise without a rate limit RatePeriodSeconds does nothing, nor PartitionBy without a rate or concurrency limit (BNT024).
                RateLimit: rateLimit,
                RatePeriodSeconds: rateLimit is null ? null : ratePeriodSeconds,
                RateScope: rateLimit is null ? null : rateScope,
                PartitionBy: rateLimit is null && concurrencyLimit is null ? null : partitionBy,
                // ConcurrencyScope without a limit, SequenceHold without SequenceBy, DebounceBy without DebounceSeconds or
                // Replace do nothing (BNT027). TaskShape rejected any other scope or hold than Task/Route, UntilCompletedOrDead/UntilCompleted.
                ConcurrencyLimit: concurrencyLimit,
                ConcurrencyScope: concurrencyLimit is null ? null : concurrencyScope,
                SequenceBy: sequenceBy,
                SequenceHold: sequenceBy is null ? null : sequenceHold,
                DebounceSeconds: debounceSeconds,
                Replace: replace,
                // An empty DebounceBy is one key for the task, as null is.
                DebounceBy: debounceSeconds is null && !replace || debounceBy is null || debounceBy.Count == 0 ? null : new EquatableArray<string>(debounceBy)),
            Periodic: ParsePeriodic(shape.TaskName, cron, timeZone, cronArgs, parameters),
            KeepCompletedSeconds: keepCompletedSeconds);
    }

    /// <summary>The names of an array of parameter names (<c>UniqueBy</c>, <c>DebounceBy</c>), in order, without repeats; null for a null array.</summary>
    private static List<string>? Names(TypedConstant array)
    {
        if (array.Kind != TypedConstantKind.Array || array.IsNull) return null;
        var names = new List<string>();
        foreach (var entry in array.Values)
        {
            if (entry.Value is string name && !names.Contains(name)) names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// The schedule, or null without <c>Cron</c>, or when there are no <c>CronArgs</c> and a payload parameter has no
    /// default (nothing to enqueue it with; the analyzer reports BNT102).
    /// </summary>
    private static PeriodicModel? ParsePeriodic(string taskName, string? cron, string? timeZone, string? cronArgs, List<ParameterModel> parameters)
    {
        if (cron is null) return null;
        if (cronArgs is null)
        {
            foreach (var parameter in parameters)
            {
                if (!parameter.IsInjected && !parameter.IsOptional) return null;
            }
        }
        return new PeriodicModel(ScheduleNames.For(taskName), cron, timeZone, cronArgs);
    }

    private static string HintName(INamedTypeSymbol type) =>
        type.ContainingType is null ? type.Name : HintName(type.ContainingType) + "." + type.Name;
}
