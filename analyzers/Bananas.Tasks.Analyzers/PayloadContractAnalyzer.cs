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
    /// are the shapes of jobs that may be waiting in Redis, and the code must still decode them. Reported only when the project has a <c>BananaTasks.Shipped.txt</c> or <c>BananaTasks.Unshipped.txt</c> among its
    /// additional files: BNT140 (a shipped task is gone), BNT141 (a shipped parameter is read by no parameter), BNT142
    /// (its type changed incompatibly), BNT143 (a required parameter queued jobs lack), BNT144 (a task in neither file),
    /// BNT145 (a line of a file is no entry). BNT141–144 are reported on the task's method when it is analyzed; BNT140
    /// and BNT145, about the files, at compilation end.
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
                // The files are read once; a task is checked against them when its method is seen (BNT141–144, on the
                // task, so their fixes work in the editor); the file lines and the tasks gone need the whole compilation.
                var parsed = new List<ContractFile>();
                foreach (var file in files)
                {
                    if (file.GetText(start.CancellationToken) is { } text) parsed.Add(ContractFile.Parse(file.Path, text));
                }
                var contract = new Contract(parsed);
                var names = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
                start.RegisterSymbolAction(c =>
                {
                    var method = (IMethodSymbol)c.Symbol;
                    if (symbols.GetTaskAttribute(method) is not { } attribute || CurrentTask.Of(method, attribute, c.CancellationToken) is not { } task) return;
                    names[task.Name] = true;
                    CheckTask(c.ReportDiagnostic, contract, task);
                }, SymbolKind.Method);
                start.RegisterCompilationEndAction(end =>
                {
                    foreach (var file in parsed)
                    {
                        foreach (var problem in file.Problems)
                            end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractLineInvalid, At(file, problem.Span, problem.LineSpan),
                                file.IsShipped ? ContractFileNames.Shipped : ContractFileNames.Unshipped, problem.Message));
                    }
                    foreach (var (file, entry) in contract.ActiveShippedTasks)
                    {
                        if (!names.ContainsKey(entry.Task))
                            end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractTaskRemoved, At(file, entry.Span, entry.LineSpan), entry.Task));
                    }
                });
            });
        }

        /// <summary>BNT144 for a task in neither file; BNT141–143 for a task of the shipped contract.</summary>
        private static void CheckTask(Action<Diagnostic> report, Contract contract, CurrentTask task)
        {
            if (!contract.Recorded.Contains(task.Name))
            {
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(DiagnosticProperties.ContractTask, task.Name)
                    .Add(DiagnosticProperties.ContractLines, string.Join("\n", task.Lines()));
                report(Diagnostic.Create(DiagnosticDescriptors.ContractTaskUnrecorded, task.Location, properties, task.Name));
            }
            if (contract.ActiveShippedTasks.Any(t => t.Entry.Task == task.Name))
            {
                var parameters = contract.ShippedParameters.Where(s => s.Entry.Task == task.Name).ToList();
                CheckParameters(report, task, parameters.Where(p => !p.Entry.Removed).ToList(), parameters.Where(p => p.Entry.Removed).Select(p => p.Entry).ToList());
            }
        }

        /// <summary>The parsed contract files, indexed for the checks.</summary>
        private sealed class Contract
        {
            public Contract(List<ContractFile> files)
            {
                var shipped = files.Where(f => f.IsShipped).SelectMany(f => f.Entries.Select(e => (File: f, Entry: e))).ToList();
                var removedTasks = new HashSet<string>(shipped.Where(s => s.Entry.Removed && s.Entry.IsTask).Select(s => s.Entry.Task), StringComparer.Ordinal);
                // A task line after #removed drops the task's whole old contract, its param lines included.
                ActiveShippedTasks = shipped.Where(s => !s.Entry.Removed && s.Entry.IsTask && !removedTasks.Contains(s.Entry.Task)).ToList();
                ShippedParameters = shipped.Where(s => !s.Entry.IsTask).ToList();
                // A task line after #removed dropped the old contract: it does not record the task.
                Recorded = new HashSet<string>(files.SelectMany(f => f.Entries).Where(e => e.IsTask && !e.Removed).Select(e => e.Task), StringComparer.Ordinal);
            }

            /// <summary>The shipped task lines the code must still serve.</summary>
            public List<(ContractFile File, ContractEntry Entry)> ActiveShippedTasks { get; }

            /// <summary>Every shipped param line, active and removed.</summary>
            public List<(ContractFile File, ContractEntry Entry)> ShippedParameters { get; }

            /// <summary>Task names with an active task line in either file.</summary>
            public HashSet<string> Recorded { get; }
        }

        /// <summary>BNT141–143 for one shipped task that still exists.</summary>
        private static void CheckParameters(Action<Diagnostic> report, CurrentTask task, List<(ContractFile File, ContractEntry Entry)> shipped, List<ContractEntry> removed)
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
                    report(Diagnostic.Create(DiagnosticDescriptors.ContractParameterRemoved, task.Location, new[] { lineLocation },
                        properties.Add(DiagnosticProperties.ContractCandidates, string.Join(",", candidates)), task.Name, entry.Parameter, task.Method));
                    continue;
                }
                if (!matched.ContainsKey(parameter)) matched.Add(parameter, entry);
                if (ContractTypes.WhyIncompatible(entry.Type!, parameter.Type) is { } why)
                    report(Diagnostic.Create(DiagnosticDescriptors.ContractParameterTypeChanged, parameter.TypeLocation, new[] { lineLocation },
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
                report(Diagnostic.Create(DiagnosticDescriptors.ContractParameterRequired, parameter.Location, properties, task.Name, parameter.Name, why, other));
            }
        }

        private static Location At(ContractFile file, TextSpan span, LinePositionSpan lineSpan) => Location.Create(file.Path, span, lineSpan);
    }
}
