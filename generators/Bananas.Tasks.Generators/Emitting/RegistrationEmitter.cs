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

    public static string Emit(IReadOnlyList<RegistrationEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.TaskName, System.StringComparer.Ordinal).ThenBy(e => e.ProxyTypeName, System.StringComparer.Ordinal).ToList();
        var periodic = sorted.Where(e => e.Periodic is not null).ToList();
        var w = new SourceWriter();
        FileHeader.Write(w);
        using (w.OpenBlock("namespace Microsoft.Extensions.DependencyInjection"))
        {
            w.Line("/// <summary>Registers the <c>[BananaTask]</c> methods of this assembly with Bananas.</summary>");
            w.Line(FileHeader.GeneratedCodeAttribute);
            using (w.OpenBlock("internal static class BananasGeneratedTasksExtensions"))
            {
                w.Line("/// <summary>");
                w.Line($"/// Registers the {Literals.Int(sorted.Count)} task{(sorted.Count == 1 ? "" : "s")} of this assembly for the worker, and adds each instance handler type as a scoped service");
                w.Line("/// (unless already registered):");
                w.Line("/// <list type=\"bullet\">");
                foreach (var e in sorted)
                    w.Line($"/// <item><c>{FileHeader.Xml(e.TaskName)}</c>: <c>{FileHeader.Xml(e.HandlerDisplay)}</c>{(e.Periodic is { } p ? $", periodic <c>{FileHeader.Xml(p.Cron)}</c>{(p.TimeZone is null ? "" : $" ({FileHeader.Xml(p.TimeZone)})")}" : "")}</item>");
                w.Line("/// </list>");
                if (periodic.Count > 0)
                    w.Line($"/// and the {(periodic.Count == 1 ? "schedule" : Literals.Int(periodic.Count) + " schedules")} declared with <c>Cron</c>, with the periodic scheduler.");
                w.Line("/// Calling it again does nothing.");
                w.Line("/// </summary>");
                using (w.OpenBlock($"public static {KnownTypes.IBananasBuilder} AddGeneratedTasks(this {KnownTypes.IBananasBuilder} builder)"))
                {
                    w.Line($"{KnownTypes.ArgumentNullException}.ThrowIfNull(builder);");
                    w.Line("foreach (var descriptor in builder.Services)");
                    w.Line("{");
                    w.Line($"    if (descriptor.ServiceType == typeof({MarkerType})) return builder;");
                    w.Line("}");
                    w.Line($"builder.Services.Add({KnownTypes.ServiceDescriptor}.Singleton(new {MarkerType}()));");
                    var handlers = new SortedSet<string>(sorted.Where(e => e.HandlerTypeName is not null).Select(e => e.HandlerTypeName!), System.StringComparer.Ordinal);
                    foreach (var handler in handlers)
                        w.Line($"{KnownTypes.ServiceCollectionDescriptorExtensions}.TryAddScoped<{handler}>(builder.Services);");
                    foreach (var e in sorted)
                        w.Line($"{KnownTypes.BananasBuilderTaskExtensions}.AddTask(builder, {e.ProxyTypeName}.TaskName, new {KnownTypes.TaskInvoker}({e.ProxyTypeName}.InvokeAsync));");
                    foreach (var e in periodic) WritePeriodic(w, e);
                    w.Line("return builder;");
                }
                w.Line();
                w.Line("/// <summary>Marks a service collection to which <see cref=\"AddGeneratedTasks\"/> has been applied.</summary>");
                w.Line($"private sealed class {MarkerType}");
                w.Line("{");
                w.Line("}");
            }
        }
        return w.ToString();
    }

    /// <summary>
    /// <c>AddPeriodic(schedule, cron, task, payload, o =&gt; …)</c>: the payload is the <c>CronArgs</c> text, else the
    /// proxy's <c>EncodeArguments()</c> of the parameters' defaults (typed and checked by the compiler).
    /// </summary>
    private static void WritePeriodic(SourceWriter w, RegistrationEntry e)
    {
        var p = e.Periodic!;
        var d = e.PeriodicDefaults!;
        var payload = p.ArgumentsJson is null ? e.ProxyTypeName + ".EncodeArguments()" : Literals.String(p.ArgumentsJson);
        var settings = new List<string>();
        if (p.TimeZone is not null) settings.Add($"options.TimeZone = {Literals.String(p.TimeZone)};");
        foreach (var setting in TaskDefaultsCode.Settings(d)) settings.Add($"options.{setting.Property} = {setting.Value};");

        var call = $"{KnownTypes.BananasBuilderPeriodicExtensions}.AddPeriodic(builder, {Literals.String(p.ScheduleName)}, {Literals.String(p.Cron)}, {e.ProxyTypeName}.TaskName, {payload}";
        if (settings.Count == 0)
        {
            w.Line(call + ");");
            return;
        }
        w.Line(call + ", static options =>");
        w.Line("{");
        foreach (var line in settings) w.Line("    " + line);
        w.Line("});");
    }
}
