using System.Collections.Generic;
using System.Threading;
using Bananas.Tasks.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>
/// Turns a <c>[BananaTask]</c> method into a <see cref="TaskModel"/>, or null when no task can be generated for it.
/// It never reports: the analyzers explain what is wrong, the generator stays silent (and cacheable).
/// </summary>
internal static class TaskParser
{
    public static TaskModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0) return null;
        if (method.MethodKind != MethodKind.Ordinary || method.IsGenericMethod) return null;
        if (!AccessibilityHelper.IsReachableInAssembly(method.DeclaredAccessibility)) return null;

        var handler = method.ContainingType;
        if (handler is null || !IsUsableHandler(handler, method.IsStatic)) return null;

        var result = ParseReturn(method.ReturnType, out var returnOk);
        if (!returnOk) return null;

        var parameters = new List<ParameterModel>(method.Parameters.Length);
        bool isPublic = method.DeclaredAccessibility == Accessibility.Public && AccessibilityHelper.IsEffectivelyPublic(handler);
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (parameter.RefKind != RefKind.None) return null;
            if (IsCancellationToken(parameter.Type))
            {
                parameters.Add(new ParameterModel(parameter.Name, null, null));
                continue;
            }
            var value = ValueParser.Parse(parameter.Type);
            if (value is null) return null;
            isPublic &= AccessibilityHelper.IsEffectivelyPublic(parameter.Type);
            parameters.Add(new ParameterModel(parameter.Name, value, DefaultValueFormatter.Format(parameter)));
        }
        if (result is not null) isPublic &= AccessibilityHelper.IsEffectivelyPublic(((INamedTypeSymbol)method.ReturnType).TypeArguments[0]);

        var attribute = context.Attributes[0];
        string? name = null, proxyName = null, route = null, description = null, cron = null, timeZone = null, cronArgs = null;
        int? priority = null, maxRetries = null, timeoutSeconds = null;
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value.Value;
            switch (argument.Key)
            {
                case "Name": name = value as string; break;
                case "ProxyName": proxyName = value as string; break;
                case "Route": route = value as string; break;
                case "Description": description = value as string; break;
                case "Priority": priority = value is int p ? p : null; break;
                case "MaxRetries": maxRetries = value is int r && r != -1 ? r : null; break;
                case "TimeoutSeconds": timeoutSeconds = value is int t && t != 0 ? t : null; break;
                case "Cron": cron = value as string; break;
                case "TimeZone": timeZone = value as string; break;
                case "CronArgs": cronArgs = value as string; break;
            }
        }
        proxyName ??= method.Name;
        if (!SyntaxFacts.IsValidIdentifier(proxyName) || SyntaxFacts.GetKeywordKind(proxyName) != SyntaxKind.None) return null;

        var ns = handler.ContainingNamespace;
        // The proxy would clash with a type already there (CS0101/CS0436 in generated code would hide the analyzers'
        // BNT030): generate nothing for this task. The generator sees the compilation without its own output.
        if (ns is not null && HasMemberNamed(ns, proxyName, context.SemanticModel.Compilation)) return null;

        var taskName = name ?? BananasRules.ToTaskName(method.Name);
        return new TaskModel(
            Namespace: ns is null || ns.IsGlobalNamespace ? "" : ns.ToDisplayString(),
            HandlerTypeName: handler.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            HandlerHintName: HintName(handler),
            MethodName: method.Name,
            ProxyName: proxyName,
            TaskName: taskName,
            IsPublic: isPublic,
            IsStatic: method.IsStatic,
            Parameters: new EquatableArray<ParameterModel>(parameters),
            Result: result,
            Defaults: new TaskDefaultsModel(route, priority, maxRetries, timeoutSeconds, description),
            Periodic: ParsePeriodic(taskName, cron, timeZone, cronArgs, parameters));
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
                if (!parameter.IsCancellationToken && !parameter.IsOptional) return null;
            }
        }
        return new PeriodicModel(ScheduleNames.For(taskName), cron, timeZone, cronArgs);
    }

    /// <summary>
    /// True when <paramref name="ns"/> already holds a namespace, or a non-generic type this assembly can see, named
    /// <paramref name="name"/> (as the analyzer's BNT030 decides).
    /// </summary>
    private static bool HasMemberNamed(INamespaceSymbol ns, string name, Compilation compilation)
    {
        foreach (var member in ns.GetMembers(name))
        {
            if (member is INamespaceSymbol) return true;
            if (member is INamedTypeSymbol { Arity: 0 } type && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly)) return true;
        }
        return false;
    }

    private static bool IsUsableHandler(INamedTypeSymbol handler, bool isStaticMethod)
    {
        for (INamedTypeSymbol? t = handler; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType || !AccessibilityHelper.IsReachableInAssembly(t.DeclaredAccessibility)) return false;
        }
        // An instance handler is created by DI per job: it must be a concrete class.
        return isStaticMethod || (handler.TypeKind == TypeKind.Class && !handler.IsAbstract && !handler.IsStatic);
    }

    /// <summary>The typed result, null for a plain Task/ValueTask; <paramref name="ok"/> is false for any other return type.</summary>
    private static ValueModel? ParseReturn(ITypeSymbol returnType, out bool ok)
    {
        ok = false;
        if (returnType is not INamedTypeSymbol named || !IsTaskLike(named)) return null;
        if (named.Arity == 0)
        {
            ok = true;
            return null;
        }
        var result = ValueParser.Parse(named.TypeArguments[0]);
        ok = result is not null;
        return result;
    }

    private static bool IsTaskLike(INamedTypeSymbol type) =>
        type.Arity <= 1
        && type.Name is "Task" or "ValueTask"
        && type.ContainingNamespace is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "CancellationToken", Arity: 0, ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static string HintName(INamedTypeSymbol type) =>
        type.ContainingType is null ? type.Name : HintName(type.ContainingType) + "." + type.Name;
}
