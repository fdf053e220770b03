using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Cross-task rules, reported when the whole compilation has been seen: BNT130 (two tasks with one task
    /// name) and BNT131 (two tasks that would generate the same proxy type in one namespace). Each
    /// offending task is reported at its own location, with the others as additional locations. The groups come from
    /// <see cref="TaskIdentity"/>, shared with the generator, which emits none of their tasks.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskIdentityAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.TaskNameDuplicate, DiagnosticDescriptors.ProxyNameDuplicate);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (symbols is null) return;
                var tasks = new ConcurrentBag<TaskEntry>();
                start.RegisterSymbolAction(c =>
                {
                    var method = (IMethodSymbol)c.Symbol;
                    if (symbols.GetTaskAttribute(method) is not { } attribute || TaskShape.Of(method, attribute) is not { } shape) return;
                    tasks.Add(new TaskEntry(
                        shape.TaskName,
                        TaskNames.NamespaceOf(method),
                        shape.ProxyName,
                        TaskNames.Describe(method),
                        TaskSyntax.NameLocation(method, c.CancellationToken)));
                }, SymbolKind.Method);
                start.RegisterCompilationEndAction(end =>
                {
                    var all = tasks.OrderBy(t => t.Method, System.StringComparer.Ordinal).ThenBy(t => t.Location.SourceSpan.Start).ToList();
                    // The groups the generator leaves out (TaskIdentity.Unique), by the same shared code.
                    foreach (var group in TaskIdentity.Duplicates(all, static t => t.Name))
                        ReportGroup(end, group, DiagnosticDescriptors.TaskNameDuplicate, group[0].Name, null);
                    foreach (var group in TaskIdentity.Duplicates(all, static t => TaskIdentity.ProxyTypeKey(t.Namespace, t.Proxy)))
                        ReportGroup(end, group, DiagnosticDescriptors.ProxyNameDuplicate, group[0].Proxy, group[0].Namespace);
                });
            });
        }

        private static void ReportGroup(CompilationAnalysisContext context, System.Collections.Generic.List<TaskEntry> group, DiagnosticDescriptor rule, string name, string? ns)
        {
            var methods = string.Join(", ", group.Select(t => t.Method));
            foreach (var entry in group)
            {
                var others = group.Where(o => !ReferenceEquals(o, entry)).Select(o => o.Location);
                context.ReportDiagnostic(ns is null
                    ? Diagnostic.Create(rule, entry.Location, others, name, methods)
                    : Diagnostic.Create(rule, entry.Location, others, name, ns, methods));
            }
        }

        private sealed class TaskEntry
        {
            public TaskEntry(string name, string ns, string proxy, string method, Location location)
            {
                Name = name;
                Namespace = ns;
                Proxy = proxy;
                Method = method;
                Location = location;
            }

            public string Name { get; }
            public string Namespace { get; }
            public string Proxy { get; }
            public string Method { get; }
            public Location Location { get; }
        }
    }
}
