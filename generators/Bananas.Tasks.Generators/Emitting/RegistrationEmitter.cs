using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>Emits <c>AddGeneratedTasks()</c>: every task of the assembly, and its instance handler types, in one call.</summary>
internal static class RegistrationEmitter
{
    public const string HintName = "BananasTasks.Registration.g.cs";

    public static string Emit(ImmutableArray<RegistrationEntry> entries)
    {
        var sorted = entries.OrderBy(e => e.TaskName, System.StringComparer.Ordinal).ThenBy(e => e.ProxyTypeName, System.StringComparer.Ordinal).ToList();
        var w = new SourceWriter();
        FileHeader.Write(w);
        using (w.OpenBlock("namespace Microsoft.Extensions.DependencyInjection"))
        {
            w.Line("/// <summary>Registers the <c>[BananaTask]</c> methods of this assembly with Bananas.</summary>");
            w.Line(FileHeader.GeneratedCodeAttribute);
            using (w.OpenBlock("internal static class BananasGeneratedTasksExtensions"))
            {
                w.Line("/// <summary>");
                w.Line($"/// Registers the {sorted.Count} task{(sorted.Count == 1 ? "" : "s")} of this assembly for the worker, and adds each instance handler type as a scoped service");
                w.Line("/// (unless already registered):");
                w.Line("/// <list type=\"bullet\">");
                foreach (var e in sorted)
                    w.Line($"/// <item><c>{FileHeader.Xml(e.TaskName)}</c>: <c>{FileHeader.Xml(e.HandlerDisplay)}</c></item>");
                w.Line("/// </list>");
                w.Line("/// </summary>");
                using (w.OpenBlock($"public static {KnownTypes.IBananasBuilder} AddGeneratedTasks(this {KnownTypes.IBananasBuilder} builder)"))
                {
                    w.Line($"{KnownTypes.ArgumentNullException}.ThrowIfNull(builder);");
                    var handlers = new SortedSet<string>(sorted.Where(e => e.HandlerTypeName is not null).Select(e => e.HandlerTypeName!), System.StringComparer.Ordinal);
                    foreach (var handler in handlers)
                        w.Line($"{KnownTypes.ServiceCollectionDescriptorExtensions}.TryAddScoped<{handler}>(builder.Services);");
                    foreach (var e in sorted)
                        w.Line($"{KnownTypes.BananasBuilderTaskExtensions}.AddTask(builder, {e.ProxyTypeName}.TaskName, new {KnownTypes.TaskInvoker}({e.ProxyTypeName}.InvokeAsync));");
                    w.Line("return builder;");
                }
            }
        }
        return w.ToString();
    }
}
