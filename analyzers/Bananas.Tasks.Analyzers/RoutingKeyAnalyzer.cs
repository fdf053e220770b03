using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// BNT001 (invalid routing key) and BNT002 (route not declared by <c>[assembly: BananaRoutes]</c>) for every
    /// constant route the code states: <c>[BananaTask(Route = …)]</c>, <c>[assembly: BananaRoutes(…)]</c>,
    /// <c>JobOptions.Route</c> in initializers and <c>with</c> expressions, <c>BananasWorkerOptions.RoutingKeys</c>
    /// (assigned collections, collection initializers, <c>Add</c>/<c>Insert</c>/<c>AddRange</c>), the keys of
    /// <c>BananasWorkerOptions.RouteConcurrency</c>,
    /// <c>RoutingKey.Parse</c>/<c>ParseList</c> and implicit <c>string</c> → <c>RoutingKey</c> conversions.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RoutingKeyAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.RoutingKeyInvalid, DiagnosticDescriptors.RoutingKeyUndeclared);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (symbols is null) return;
                var checker = new Checker(symbols, DeclaredRoutes.Read(start.Compilation, symbols.RoutesAttribute));

                start.RegisterSymbolAction(checker.AnalyzeMethod, SymbolKind.Method);
                if (symbols.RoutesAttribute is not null)
                    start.RegisterSyntaxNodeAction(checker.AnalyzeAssemblyAttribute, SyntaxKind.Attribute);
                if (symbols.JobOptions is not null || symbols.WorkerOptions is not null)
                    start.RegisterOperationAction(checker.AnalyzeAssignment, OperationKind.SimpleAssignment);
                if (symbols.WorkerOptions is not null)
                    start.RegisterOperationAction(checker.AnalyzeMemberInitializer, OperationKind.MemberInitializer);
                start.RegisterOperationAction(checker.AnalyzeInvocation, OperationKind.Invocation);
                if (symbols.RoutingKey is not null)
                    start.RegisterOperationAction(checker.AnalyzeConversion, OperationKind.Conversion);
            });
        }

        private sealed class Checker
        {
            private readonly BananasSymbols _symbols;
            private readonly DeclaredRoutes? _declared;

            public Checker(BananasSymbols symbols, DeclaredRoutes? declared)
            {
                _symbols = symbols;
                _declared = declared;
            }

            public void AnalyzeMethod(SymbolAnalysisContext context)
            {
                var method = (IMethodSymbol)context.Symbol;
                var attribute = _symbols.GetTaskAttribute(method);
                if (attribute is null || !TaskAttributeArguments.TryGet(attribute, "Route", out var value)) return;
                var syntax = TaskAttributeArguments.GetValueSyntax(attribute, "Route", context.CancellationToken);
                var location = syntax?.GetLocation() ?? TaskAttributeArguments.GetValueLocation(attribute, "Route", context.CancellationToken);
                Check(value.IsNull ? null : value.Value as string, location, syntax, checkDeclared: true, context.ReportDiagnostic);
            }

            public void AnalyzeAssemblyAttribute(SyntaxNodeAnalysisContext context)
            {
                var attribute = (AttributeSyntax)context.Node;
                if (attribute.Parent is not AttributeListSyntax { Target: { } target } || !target.Identifier.IsKind(SyntaxKind.AssemblyKeyword)) return;
                if (attribute.ArgumentList is null) return;
                var type = context.SemanticModel.GetTypeInfo(attribute, context.CancellationToken).Type;
                if (!SymbolEqualityComparer.Default.Equals(type, _symbols.RoutesAttribute)) return;
                foreach (var argument in attribute.ArgumentList.Arguments)
                {
                    var constant = context.SemanticModel.GetConstantValue(argument.Expression, context.CancellationToken);
                    if (!constant.HasValue) continue;
                    Check(constant.Value as string, argument.Expression.GetLocation(), argument.Expression, checkDeclared: false, context.ReportDiagnostic);
                }
            }

            public void AnalyzeAssignment(OperationAnalysisContext context)
            {
                var assignment = (ISimpleAssignmentOperation)context.Operation;
                if (assignment.Target is not IPropertyReferenceOperation target) return;
                if (target.Property.IsIndexer && target.Arguments.Length == 1 && IsRouteConcurrency(target.Instance))
                {
                    // options.RouteConcurrency["gpu"] = 2
                    CheckCollection(target.Arguments[0].Value, context.ReportDiagnostic);
                }
                else if (IsProperty(target.Property, _symbols.JobOptions, "Route"))
                {
                    // Route = null means "the task's default route": only a stated key is checked.
                    if (assignment.Value.ConstantValue is { HasValue: true, Value: string key })
                        CheckOperation(key, assignment.Value, context.ReportDiagnostic);
                }
                else if (IsProperty(target.Property, _symbols.WorkerOptions, "RoutingKeys"))
                {
                    CheckCollection(assignment.Value, context.ReportDiagnostic);
                }
                else if (IsProperty(target.Property, _symbols.WorkerOptions, "RouteConcurrency"))
                {
                    CheckDictionaryKeys(assignment.Value, context.ReportDiagnostic);
                }
            }

            public void AnalyzeMemberInitializer(OperationAnalysisContext context)
            {
                // new BananasWorkerOptions { RoutingKeys = { "gpu", "default" } }
                var initializer = (IMemberInitializerOperation)context.Operation;
                if (initializer.InitializedMember is not IPropertyReferenceOperation member) return;
                if (IsProperty(member.Property, _symbols.WorkerOptions, "RoutingKeys"))
                    CheckCollection(initializer.Initializer, context.ReportDiagnostic);
                else if (IsProperty(member.Property, _symbols.WorkerOptions, "RouteConcurrency"))
                    CheckDictionaryKeys(initializer.Initializer, context.ReportDiagnostic);
            }

            public void AnalyzeInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                var method = invocation.TargetMethod;
                if (_symbols.RoutingKey is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.RoutingKey))
                {
                    if (invocation.Arguments.Length == 0) return;
                    var argument = invocation.Arguments[0].Value;
                    if (argument.ConstantValue is not { HasValue: true, Value: string text }) return;
                    if (method.Name == "Parse") CheckOperation(text, argument, context.ReportDiagnostic);
                    else if (method.Name == "ParseList") CheckList(text, argument, context.ReportDiagnostic);
                    return;
                }
                if (method.Name is not ("Add" or "Insert" or "AddRange" or "TryAdd")) return;
                if (Unwrap(invocation.Instance) is IPropertyReferenceOperation instance && IsProperty(instance.Property, _symbols.WorkerOptions, "RoutingKeys"))
                {
                    foreach (var argument in invocation.Arguments) CheckCollection(argument.Value, context.ReportDiagnostic);
                }
                else if (method.Name is "Add" or "TryAdd" && invocation.Arguments.Length == 2 && IsRouteConcurrency(invocation.Instance))
                {
                    // options.RouteConcurrency.Add("gpu", 2)
                    CheckCollection(invocation.Arguments[0].Value, context.ReportDiagnostic);
                }
            }

            public void AnalyzeConversion(OperationAnalysisContext context)
            {
                var conversion = (IConversionOperation)context.Operation;
                var op = conversion.OperatorMethod;
                if (op is null || op.Name != "op_Implicit" || !SymbolEqualityComparer.Default.Equals(op.ContainingType, _symbols.RoutingKey)) return;
                if (conversion.Operand.ConstantValue is { HasValue: true } constant && conversion.Operand.Type?.SpecialType == SpecialType.System_String)
                    CheckOperation(constant.Value as string, conversion.Operand, context.ReportDiagnostic);
            }

            private void CheckCollection(IOperation operation, System.Action<Diagnostic> report)
            {
                var keys = new List<IOperation>();
                CollectStrings(operation, keys);
                foreach (var key in keys) CheckOperation(key.ConstantValue.Value as string, key, report);
            }

            /// <summary>The constant keys of a dictionary-valued expression (<c>new() { ["gpu"] = 2, { "email", 4 } }</c>).</summary>
            private void CheckDictionaryKeys(IOperation? operation, System.Action<Diagnostic> report)
            {
                operation = Unwrap(operation);
                var initializer = operation switch
                {
                    IObjectCreationOperation creation => creation.Initializer,
                    IObjectOrCollectionInitializerOperation direct => direct,
                    _ => null,
                };
                if (initializer is null) return;
                foreach (var element in initializer.Initializers)
                {
                    if (element is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add)
                        CheckCollection(add.Arguments[0].Value, report);
                    else if (element is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer })
                        CheckCollection(indexer.Arguments[0].Value, report);
                }
            }

            /// <summary>True for <c>options.RouteConcurrency</c> (a route → limit dictionary).</summary>
            private bool IsRouteConcurrency(IOperation? instance) =>
                Unwrap(instance) is IPropertyReferenceOperation property && IsProperty(property.Property, _symbols.WorkerOptions, "RouteConcurrency");

            private void CheckList(string list, IOperation operation, System.Action<Diagnostic> report)
            {
                foreach (var raw in list.Split(','))
                {
                    var key = raw.Trim();
                    var error = BananasRules.ValidateRoutingKey(key);
                    if (error is not null)
                    {
                        report(Diagnostic.Create(DiagnosticDescriptors.RoutingKeyInvalid, operation.Syntax.GetLocation(), error + " (in the list '" + list + "')"));
                        return;
                    }
                }
                foreach (var raw in list.Split(',')) CheckDeclared(raw.Trim(), operation.Syntax.GetLocation(), null, report);
            }

            private void CheckOperation(string? key, IOperation operation, System.Action<Diagnostic> report) =>
                Check(key, operation.Syntax.GetLocation(), operation.Syntax as ExpressionSyntax, checkDeclared: true, report);

            private void Check(string? key, Location location, ExpressionSyntax? syntax, bool checkDeclared, System.Action<Diagnostic> report)
            {
                var error = BananasRules.ValidateRoutingKey(key);
                bool isLiteral = syntax is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression);
                if (error is not null)
                {
                    var suggestion = isLiteral ? BananasRules.SuggestRoutingKey(key) : null;
                    if (suggestion is not null && checkDeclared && _declared is not null && !_declared.Contains(suggestion)) suggestion = null;
                    report(Diagnostic.Create(DiagnosticDescriptors.RoutingKeyInvalid, location, Properties(suggestion), error));
                    return;
                }
                if (checkDeclared) CheckDeclared(key!, location, isLiteral ? syntax : null, report);
            }

            private void CheckDeclared(string key, Location location, ExpressionSyntax? literal, System.Action<Diagnostic> report)
            {
                if (_declared is null || _declared.Contains(key)) return;
                var match = EditDistance.ClosestMatch(key, _declared.Routes);
                var hint = match is null ? "" : "; did you mean '" + match + "'?";
                report(Diagnostic.Create(DiagnosticDescriptors.RoutingKeyUndeclared, location, Properties(literal is null ? null : match), key, _declared.Describe(), hint));
            }

            private static ImmutableDictionary<string, string?> Properties(string? suggestion) =>
                suggestion is null
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Suggestion, suggestion);

            private static bool IsProperty(IPropertySymbol property, INamedTypeSymbol? type, string name) =>
                type is not null && property.Name == name && SymbolEqualityComparer.Default.Equals(property.ContainingType, type);

            private static IOperation? Unwrap(IOperation? operation)
            {
                while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
                return operation;
            }

            /// <summary>The constant strings that become elements of a collection-valued expression.</summary>
            private static void CollectStrings(IOperation? operation, List<IOperation> keys)
            {
                operation = Unwrap(operation);
                switch (operation)
                {
                    case null:
                        return;
                    case { ConstantValue.HasValue: true, Type.SpecialType: SpecialType.System_String }:
                        keys.Add(operation);
                        return;
                    case ICollectionExpressionOperation collection:
                        foreach (var element in collection.Elements) CollectStrings(element, keys);
                        return;
                    case ISpreadOperation spread:
                        CollectStrings(spread.Operand, keys);
                        return;
                    case IArrayCreationOperation array when array.Initializer is not null:
                        foreach (var element in array.Initializer.ElementValues) CollectStrings(element, keys);
                        return;
                    case IObjectCreationOperation creation:
                        foreach (var argument in creation.Arguments) CollectStrings(argument.Value, keys);
                        CollectStrings(creation.Initializer, keys);
                        return;
                    case IObjectOrCollectionInitializerOperation initializer:
                        foreach (var element in initializer.Initializers)
                        {
                            if (element is IInvocationOperation { TargetMethod.Name: "Add" } add)
                                foreach (var argument in add.Arguments) CollectStrings(argument.Value, keys);
                        }
                        return;
                }
            }
        }
    }
}
