using System.Collections.Generic;
using System.Linq;
using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// Emits <c>AddGeneratedTasks()</c>: every task of the assembly, its instance handler types and the schedules declared
/// with <c>[BananaTask(Cron = …)]</c>, in one call that a second call leaves as it is.
/// </summary>
internal static class RegistrationEmitter
{
    public const string HintName = "BananasTasks.Registration.g.cs";

    /// <summary>The private marker service whose presence tells a second <c>AddGeneratedTasks()</c> call that the work is done.</summary>
    private const string MarkerType = "GeneratedTasksAdded";

    /// <summary>The <c>TaskSettings</c> argument of a task's <c>AddTask</c> call (with its leading comma), or nothing when the attribute sets none.</summary>
    private static string Settings(RegistrationEntry e) => e.KeepCompletedSeconds is { } keep
        ? $", new {KnownTypes.TaskSettings} {{ KeepCompleted = {KnownTypes.TimeSpan}.FromSeconds({Literals.Int(keep)}) }}"
        : "";

    public static string Emit(IReadOnlyList<RegistrationEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.TaskName, System.StringComparer.Ordinal).ThenBy(e => e.ProxyTypeName, System.StringComparer.Ordinal).ToList();
        var periodic = sorted.Where(e => e.Periodic is not null).ToList();
        // Never empty: the generator adds this file only when the assembly has a task.
        var items = string.Join("\n", sorted.Select(e =>
            $"/// <item><c>{FileHeader.Xml(e.TaskName)}</c>: <c>{FileHeader.Xml(e.HandlerDisplay)}</c>{(e.Periodic is { } p ? $", periodic <c>{FileHeader.Xml(p.Cron)}</c>{(p.TimeZone is null ? "" : $" ({FileHeader.Xml(p.TimeZone)})")}" : "")}</item>"));
        var schedules = periodic.Count == 0 ? "" : $"\n/// and the {(periodic.Count == 1 ? "schedule" : Literals.Int(periodic.Count) + " schedules")} declared with <c>Cron</c>, with the periodic scheduler.";
        var handlers = new SortedSet<string>(sorted.Where(e => e.HandlerTypeName is not null).Select(e => e.HandlerTypeName!), System.StringComparer.Ordinal);
        var registrations = new List<string>();
        foreach (var handler in handlers)
            registrations.Add($"{KnownTypes.ServiceCollectionDescriptorExtensions}.TryAddScoped<{handler}>(builder.Services);");
        foreach (var e in sorted)
            registrations.Add($"{KnownTypes.BananasBuilderTaskExtensions}.AddTask(builder, {e.ProxyTypeName}.TaskName, new {KnownTypes.TaskInvoker}({e.ProxyTypeName}.InvokeAsync){Settings(e)});");
        foreach (var e in sorted.Where(e => e.SensitiveParameters.Count > 0))
            registrations.Add($"{KnownTypes.BananasBuilderSensitiveExtensions}.AddSensitiveParameters(builder, {e.ProxyTypeName}.TaskName, {string.Join(", ", e.SensitiveParameters.Select(Literals.String))});");
        registrations.AddRange(periodic.Select(AddPeriodic));

        var w = new SourceWriter();
        FileHeader.Write(w);
        w.Lines($$"""
            namespace Microsoft.Extensions.DependencyInjection
            {
                /// <summary>Registers the <c>[BananaTask]</c> methods of this assembly with Bananas.</summary>
                {{FileHeader.GeneratedCodeAttribute}}
                internal static class BananasGeneratedTasksExtensions
                {
                    /// <summary>
                    /// Registers the {{Literals.Int(sorted.Count)}} task{{(sorted.Count == 1 ? "" : "s")}} of this assembly for the worker, and adds each instance handler type as a scoped service
                    /// (unless already registered):
                    /// <list type="bullet">
                    {{items}}
                    /// </list>{{schedules}}
                    /// Calling it again does nothing.
                    /// </summary>
                    public static {{KnownTypes.IBananasBuilder}} AddGeneratedTasks(this {{KnownTypes.IBananasBuilder}} builder)
                    {
                        {{KnownTypes.ArgumentNullException}}.ThrowIfNull(builder);
                        foreach (var descriptor in builder.Services)
                        {
                            if (descriptor.ServiceType == typeof({{MarkerType}})) return builder;
                        }
                        builder.Services.Add({{KnownTypes.ServiceDescriptor}}.Singleton(new {{MarkerType}}()));
                        {{string.Join("\n", registrations)}}
                        return builder;
                    }

                    /// <summary>Marks a service collection to which <see cref="AddGeneratedTasks"/> has been applied.</summary>
                    private sealed class {{MarkerType}}
                    {
                    }
                }
            }
            """);
        return w.ToString();
    }

    /// <summary>
    /// <c>AddPeriodic(schedule, cron, task, payload, o =&gt; …)</c>: the payload is the <c>CronArgs</c> text, else the
    /// proxy's <c>EncodeArguments()</c> of the parameters' defaults (typed and checked by the compiler).
    /// </summary>
    private static string AddPeriodic(RegistrationEntry e)
    {
        var p = e.Periodic!;
        var payload = p.ArgumentsJson is null ? e.ProxyTypeName + ".EncodeArguments()" : Literals.String(p.ArgumentsJson);
        var settings = new List<string>();
        if (p.TimeZone is not null) settings.Add($"options.TimeZone = {Literals.String(p.TimeZone)};");
        foreach (var setting in TaskDefaultsCode.Settings(e.PeriodicDefaults!)) settings.Add($"options.{setting.Property} = {setting.Value};");

        var call = $"{KnownTypes.BananasBuilderPeriodicExtensions}.AddPeriodic(builder, {Literals.String(p.ScheduleName)}, {Literals.String(p.Cron)}, {e.ProxyTypeName}.TaskName, {payload}";
        if (settings.Count == 0) return call + ");";
        var w = new SourceWriter();
        w.Lines($$"""
            {{call}}, static options =>
            {
                {{string.Join("\n", settings)}}
            });
            """);
        return w.ToString().TrimEnd('\n');
    }
}
