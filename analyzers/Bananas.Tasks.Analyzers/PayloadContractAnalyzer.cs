using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Bananas.Tasks.Analyzers.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Payload contracts (docs/payload-contracts.md): the tasks and parameters listed in <c>BananaTasks.Shipped.txt</c>
    /// are the shapes of jobs that may be waiting in Redis, and the code must still decode them. Reported at compilation
    /// end, and only when the project has a <c>BananaTasks.Shipped.txt</c> or <c>BananaTasks.Unshipped.txt</c> among its
    /// additional files: BNT140 (a shipped task is gone), BNT141 (a shipped parameter is read by no parameter), BNT142
    /// (its type changed incompatibly), BNT143 (a required parameter queued jobs lack), BNT144 (a task in neither file),
    /// BNT145 (a line of a file is no entry).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PayloadContractAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.ContractTaskRemoved, DiagnosticDescriptors.ContractParameterRemoved, DiagnosticDescriptors.ContractParameterTypeChanged,
            DiagnosticDescriptors.ContractParameterRequired, DiagnosticDescriptors.ContractTaskUnrecorded, DiagnosticDescriptors.ContractLineInvalid);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (symbols is null) return;
                var files = start.Options.AdditionalFiles
                    .Where(f => ContractFileNames.IsShipped(f.Path) || ContractFileNames.IsUnshipped(f.Path))
                    .ToList();
                if (files.Count == 0) return; // not opted in: no contract, nothing to report
                var tasks = new ConcurrentBag<CurrentTask>();
                start.RegisterSymbolAction(c =>
                {
                    var method = (IMethodSymbol)c.Symbol;
                    if (symbols.GetTaskAttribute(method) is { } attribute && CurrentTask.Of(method, attribute, c.CancellationToken) is { } task)
                        tasks.Add(task);
                }, SymbolKind.Method);
                start.RegisterCompilationEndAction(end =>
                {
                    var parsed = new List<ContractFile>();
                    foreach (var file in files)
                    {
                        if (file.GetText(end.CancellationToken) is not { } text) continue;
                        var contract = ContractFile.Parse(file.Path, text);
                        parsed.Add(contract);
                        foreach (var problem in contract.Problems)
                            end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractLineInvalid, At(contract, problem.Span, problem.LineSpan),
                                contract.IsShipped ? ContractFileNames.Shipped : ContractFileNames.Unshipped, problem.Message));
                    }
                    Check(end, parsed, tasks.OrderBy(t => t.Method, StringComparer.Ordinal).ToList());
                });
            });
        }

        private static void Check(CompilationAnalysisContext context, List<ContractFile> files, List<CurrentTask> tasks)
        {
            // The first task of a name (two of one name are BNT130's).
            var byName = new Dictionary<string, CurrentTask>(StringComparer.Ordinal);
            foreach (var task in tasks)
            {
                if (!byName.ContainsKey(task.Name)) byName.Add(task.Name, task);
            }
            var shipped = files.Where(f => f.IsShipped).SelectMany(f => f.Entries.Select(e => (File: f, Entry: e))).ToList();
            // A task line after #removed dropped the old contract: it does not record the task.
            var recorded = new HashSet<string>(files.SelectMany(f => f.Entries).Where(e => e.IsTask && !e.Removed).Select(e => e.Task), StringComparer.Ordinal);
            var removedTasks = new HashSet<string>(shipped.Where(s => s.Entry.Removed && s.Entry.IsTask).Select(s => s.Entry.Task), StringComparer.Ordinal);

            foreach (var (file, entry) in shipped.Where(s => !s.Entry.Removed && s.Entry.IsTask && !removedTasks.Contains(s.Entry.Task)))
            {
                if (!byName.TryGetValue(entry.Task, out var task))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractTaskRemoved, At(file, entry.Span, entry.LineSpan), entry.Task));
                    continue;
                }
                var parameters = shipped.Where(s => s.Entry.Task == entry.Task && !s.Entry.IsTask).ToList();
                CheckTask(context, task, parameters.Where(p => !p.Entry.Removed).ToList(), parameters.Where(p => p.Entry.Removed).Select(p => p.Entry).ToList());
            }

            foreach (var task in byName.Values.Where(t => !recorded.Contains(t.Name)))
            {
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(DiagnosticProperties.ContractTask, task.Name)
                    .Add(DiagnosticProperties.ContractLines, string.Join("\n", task.Lines()));
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractTaskUnrecorded, task.Location, properties, task.Name));
            }
        }

        /// <summary>BNT141–143 for one shipped task that still exists.</summary>
        private static void CheckTask(CompilationAnalysisContext context, CurrentTask task, List<(ContractFile File, ContractEntry Entry)> shipped, List<ContractEntry> removed)
        {
            var matched = new Dictionary<CurrentParameter, ContractEntry>();
            foreach (var (file, entry) in shipped)
            {
                var parameter = task.Parameters.FirstOrDefault(p => p.Name == entry.Parameter) ?? task.Parameters.FirstOrDefault(p => p.Reads(entry.Parameter!));
                var lineLocation = At(file, entry.Span, entry.LineSpan);
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(DiagnosticProperties.ContractTask, task.Name)
                    .Add(DiagnosticProperties.ContractParameter, entry.Parameter)
                    .Add(DiagnosticProperties.ContractLine, entry.Text);
                if (parameter is null)
                {
                    var candidates = task.Parameters.Where(p => !shipped.Any(s => p.Reads(s.Entry.Parameter!))).Select(p => p.Name);
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractParameterRemoved, task.Location, new[] { lineLocation },
                        properties.Add(DiagnosticProperties.ContractCandidates, string.Join(",", candidates)), task.Name, entry.Parameter, task.Method));
                    continue;
                }
                if (!matched.ContainsKey(parameter)) matched.Add(parameter, entry);
                if (ContractTypes.WhyIncompatible(entry.Type!, parameter.Type) is { } why)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractParameterTypeChanged, parameter.TypeLocation, new[] { lineLocation },
                        properties, task.Name, entry.Parameter, entry.Type, parameter.Type, why));
            }

            foreach (var parameter in task.Parameters.Where(p => !p.Optional))
            {
                matched.TryGetValue(parameter, out var entry);
                if (entry is { Optional: false }) continue;
                // A removed entry for it: the author accepted that jobs of the old shape fail.
                if (entry is null && removed.Any(r => parameter.Reads(r.Parameter!))) continue;
                var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.ContractTask, task.Name);
                string why, other;
                if (entry is null)
                {
                    why = "BananaTasks.Shipped.txt does not list it, so queued jobs do not carry it";
                    other = ", or, to drop those jobs on purpose, add the line '" + ContractLines.Param(task.Name, parameter.Name, false, parameter.Type)
                        + "' to the #removed section of BananaTasks.Shipped.txt";
                }
                else
                {
                    why = "it is optional in BananaTasks.Shipped.txt, so queued jobs may lack it";
                    other = ", or move its param line to the #removed section of BananaTasks.Shipped.txt to drop those jobs on purpose";
                    properties = properties.Add(DiagnosticProperties.ContractLine, entry.Text);
                }
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractParameterRequired, parameter.Location, properties, task.Name, parameter.Name, why, other));
            }
        }

        private static Location At(ContractFile file, TextSpan span, LinePositionSpan lineSpan) => Location.Create(file.Path, span, lineSpan);
    }
}
