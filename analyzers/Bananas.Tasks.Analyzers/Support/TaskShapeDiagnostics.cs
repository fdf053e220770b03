using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Turns the rejections of the shared <see cref="TaskShape"/> (the generator's rule too) into diagnostics: one
    /// descriptor per <see cref="TaskRejectionKind"/>, placed and worded here. Each analyzer reports the kinds whose
    /// descriptor it supports.
    /// </summary>
    internal static class TaskShapeDiagnostics
    {
        /// <summary>The descriptor that reports <paramref name="kind"/>.</summary>
        public static DiagnosticDescriptor Descriptor(TaskRejectionKind kind) => kind switch
        {
            TaskRejectionKind.RouteInvalid => DiagnosticDescriptors.RoutingKeyInvalid,
            TaskRejectionKind.PriorityOutOfRange => DiagnosticDescriptors.PriorityOutOfRange,
            TaskRejectionKind.MaxRetriesNegative => DiagnosticDescriptors.MaxRetriesNegative,
            TaskRejectionKind.TimeoutNegative => DiagnosticDescriptors.TimeoutNegative,
            TaskRejectionKind.KeepCompletedNegative => DiagnosticDescriptors.KeepCompletedNegative,
            TaskRejectionKind.TaskNameInvalid => DiagnosticDescriptors.TaskNameInvalid,
            TaskRejectionKind.ProxyNameInvalid => DiagnosticDescriptors.ProxyNameInvalid,
            TaskRejectionKind.UniqueByNotParameter => DiagnosticDescriptors.UniqueByNotParameter,
            TaskRejectionKind.UniqueByUnstable => DiagnosticDescriptors.UniqueByUnstable,
            TaskRejectionKind.UniqueSettingInvalid => DiagnosticDescriptors.UniqueSettingInvalid,
            TaskRejectionKind.RateSettingInvalid => DiagnosticDescriptors.RateSettingInvalid,
            TaskRejectionKind.FlowSettingInvalid => DiagnosticDescriptors.FlowSettingInvalid,
            TaskRejectionKind.FlowSettingsConflict => DiagnosticDescriptors.FlowSettingsConflict,
            TaskRejectionKind.MethodGeneric => DiagnosticDescriptors.TaskMethodGeneric,
            TaskRejectionKind.ParameterByReference => DiagnosticDescriptors.TaskParameterByReference,
            TaskRejectionKind.InjectedParameterRepeated => DiagnosticDescriptors.InjectedParameterRepeated,
            TaskRejectionKind.AsyncVoid => DiagnosticDescriptors.TaskMethodAsyncVoid,
            TaskRejectionKind.ReturnTypeUnsupported => DiagnosticDescriptors.TaskReturnTypeUnsupported,
            TaskRejectionKind.MethodInaccessible => DiagnosticDescriptors.TaskMethodInaccessible,
            TaskRejectionKind.ContainingTypeGeneric => DiagnosticDescriptors.ContainingTypeGeneric,
            TaskRejectionKind.ContainingTypeInaccessible => DiagnosticDescriptors.ContainingTypeInaccessible,
            TaskRejectionKind.ContainingTypeUncreatable => DiagnosticDescriptors.ContainingTypeAbstract,
            TaskRejectionKind.ParameterUnserializable => DiagnosticDescriptors.ParameterTypeUnserializable,
            TaskRejectionKind.ResultUnserializable => DiagnosticDescriptors.ResultTypeUnserializable,
            _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "no descriptor"),
        };

        /// <summary>The shape of a <c>[BananaTask]</c> method, or null for any other method.</summary>
        public static TaskShape? ShapeOf(IMethodSymbol method, BananasSymbols symbols) =>
            symbols.GetTaskAttribute(method) is { } attribute ? TaskShape.Of(method, attribute) : null;

        /// <summary>Reports the rejections of <paramref name="shape"/> whose descriptor is in <paramref name="supported"/>.</summary>
        public static void Report(SymbolAnalysisContext context, TaskShape shape, AttributeData attribute, ImmutableArray<DiagnosticDescriptor> supported)
        {
            foreach (var rejection in shape.Rejections)
            {
                var descriptor = Descriptor(rejection.Kind);
                if (!supported.Contains(descriptor)) continue;
                context.ReportDiagnostic(Create(descriptor, rejection, shape.Method, attribute, context.CancellationToken));
            }
        }

        private static Diagnostic Create(DiagnosticDescriptor descriptor, TaskRejection r, IMethodSymbol method, AttributeData attribute, CancellationToken ct)
        {
            var name = method.Name;
            switch (r.Kind)
            {
                case TaskRejectionKind.RouteInvalid:
                case TaskRejectionKind.PriorityOutOfRange:
                case TaskRejectionKind.MaxRetriesNegative:
                case TaskRejectionKind.TimeoutNegative:
                case TaskRejectionKind.KeepCompletedNegative:
                case TaskRejectionKind.TaskNameInvalid:
                case TaskRejectionKind.UniqueSettingInvalid:
                case TaskRejectionKind.RateSettingInvalid:
                case TaskRejectionKind.FlowSettingInvalid:
                case TaskRejectionKind.FlowSettingsConflict:
                    return Diagnostic.Create(descriptor, TaskAttributeArguments.GetValueLocation(attribute, r.Argument!, ct), r.Detail);
                case TaskRejectionKind.ProxyNameInvalid:
                    var proxyLocation = r.Argument is null ? TaskSyntax.NameLocation(method, ct) : TaskAttributeArguments.GetValueLocation(attribute, r.Argument, ct);
                    return Diagnostic.Create(descriptor, proxyLocation, r.Detail);
                case TaskRejectionKind.UniqueByNotParameter:
                    return UniqueByNotParameter(descriptor, r, method, attribute, ct);
                case TaskRejectionKind.UniqueByUnstable:
                    return Diagnostic.Create(descriptor, TaskAttributeArguments.GetElementLocation(attribute, r.Argument!, r.Index, ct),
                        r.Parameter!.Name, Display(r.Parameter.Type), r.Detail, r.Argument, KeyWhat(r, attribute));
                case TaskRejectionKind.ParameterByReference:
                    return Diagnostic.Create(descriptor, TaskSyntax.FirstLocation(r.Parameter!), r.Parameter!.Name, name, r.Detail);
                case TaskRejectionKind.InjectedParameterRepeated:
                    return Diagnostic.Create(descriptor, TaskSyntax.FirstLocation(r.Parameter!), name, r.Detail);
                case TaskRejectionKind.AsyncVoid:
                    return Diagnostic.Create(descriptor, TaskSyntax.ReturnTypeLocation(method, ct), name);
                case TaskRejectionKind.ReturnTypeUnsupported:
                    return Diagnostic.Create(descriptor, TaskSyntax.ReturnTypeLocation(method, ct), name,
                        method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
                case TaskRejectionKind.MethodInaccessible:
                    return Diagnostic.Create(descriptor, TaskSyntax.NameLocation(method, ct), name, r.Detail);
                case TaskRejectionKind.ContainingTypeGeneric:
                    return Diagnostic.Create(descriptor, TaskSyntax.NameLocation(method, ct), ContainingType(r.Type!), name);
                case TaskRejectionKind.ContainingTypeInaccessible:
                    return Diagnostic.Create(descriptor, TaskSyntax.NameLocation(method, ct), ContainingType(r.Type!), name, r.Detail);
                case TaskRejectionKind.ContainingTypeUncreatable:
                    return Diagnostic.Create(descriptor, TaskSyntax.NameLocation(method, ct), name, ContainingType(r.Type!), r.Detail);
                case TaskRejectionKind.ParameterUnserializable:
                    return Diagnostic.Create(descriptor, ParameterTypeLocation(r.Parameter!, ct), r.Parameter!.Name, name, Display(r.Parameter.Type), r.Detail);
                case TaskRejectionKind.ResultUnserializable:
                    return Diagnostic.Create(descriptor, ResultTypeLocation(method, ct), Display(r.Type!), name, r.Detail);
                default: // MethodGeneric
                    return Diagnostic.Create(descriptor, TaskSyntax.NameLocation(method, ct), name);
            }
        }

        /// <summary>
        /// What <c>PartitionBy</c> partitions: <c>the rate limit</c>, <c>the concurrency limit</c> or both (TaskShape
        /// checks it only with one of them).
        /// </summary>
        private static string Partitioned(AttributeData attribute)
        {
            bool rate = TaskAttributeArguments.TryGet(attribute, "RateLimit", out var r) && r.Value is int l && l > 0;
            bool concurrency = TaskAttributeArguments.TryGet(attribute, "ConcurrencyLimit", out var c) && c.Value is int n && n > 0;
            return rate && concurrency ? "rate and concurrency" : concurrency ? "concurrency" : "rate";
        }

        /// <summary>BNT018's "for {4}": the key or partition the argument makes.</summary>
        private static string KeyWhat(TaskRejection r, AttributeData attribute) => r.Argument switch
        {
            "PartitionBy" => "a " + Partitioned(attribute) + " partition",
            "SequenceBy" => "a sequence key",
            "DebounceBy" => "a debounce key",
            _ => "a unique key",
        };

        /// <summary>BNT017's "it cannot …" for an injected parameter.</summary>
        private static string KeyUse(TaskRejection r, AttributeData attribute) => r.Argument switch
        {
            "PartitionBy" => Partitioned(attribute) is "rate and concurrency" ? "partition the rate and concurrency limits" : "partition the " + Partitioned(attribute) + " limit",
            "SequenceBy" => "key the sequence",
            "DebounceBy" => "make the debounce key",
            _ => "make the key",
        };

        /// <summary>BNT017's subject: <c>UniqueBy entry</c>, <c>PartitionBy</c>, <c>SequenceBy</c> or <c>DebounceBy entry</c>.</summary>
        private static string Subject(TaskRejection r) => r.Argument switch
        {
            "PartitionBy" => "PartitionBy",
            "SequenceBy" => "SequenceBy",
            "DebounceBy" => "DebounceBy entry",
            _ => "UniqueBy entry",
        };

        /// <summary>
        /// BNT017 at the entry (or at <c>PartitionBy</c>'s or <c>SequenceBy</c>'s value): why it names nothing, and the closest payload parameter by edit distance ("did you mean")
        /// in <see cref="DiagnosticProperties.Suggestion"/> for the code fix.
        /// </summary>
        private static Diagnostic UniqueByNotParameter(DiagnosticDescriptor descriptor, TaskRejection r, IMethodSymbol method, AttributeData attribute, CancellationToken ct)
        {
            var location = TaskAttributeArguments.GetElementLocation(attribute, r.Argument!, r.Index, ct);
            var payload = ImmutableArray.CreateBuilder<string>();
            foreach (var parameter in method.Parameters)
            {
                if (TaskTypeRules.RoleOf(parameter.Type) == TaskParameterRole.Payload) payload.Add(parameter.Name);
            }
            string why;
            if (r.Parameter is { } injected)
                why = "is the " + (TaskTypeRules.RoleOf(injected.Type) == TaskParameterRole.CancellationToken ? "CancellationToken" : "TaskContext")
                    + " the worker supplies: it is not in the job's arguments, so it cannot " + KeyUse(r, attribute);
            else
                why = "is not a parameter of task method '" + method.Name + "'"
                    + (payload.Count == 0 ? ", which has no parameters to " + (r.Argument switch { "PartitionBy" => "partition", "SequenceBy" => "sequence", _ => "key" }) + " by"
                        : " (parameters: " + string.Join(", ", payload) + ")");
            var match = r.Detail is null || r.Parameter is not null ? null : EditDistance.ClosestMatch(r.Detail, payload);
            var properties = match is null
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Suggestion, match);
            return Diagnostic.Create(descriptor, location, properties, r.Detail ?? "null", why, match is null ? "" : "; did you mean '" + match + "'?", Subject(r));
        }

        /// <summary>The written type of a parameter, else its name.</summary>
        public static Location ParameterTypeLocation(IParameterSymbol parameter, CancellationToken ct)
        {
            foreach (var reference in parameter.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(ct) is ParameterSyntax { Type: { } type }) return type.GetLocation();
            }
            return TaskSyntax.FirstLocation(parameter);
        }

        /// <summary>The <c>T</c> written in <c>Task&lt;T&gt;</c> when the return type is written that way, else the return type.</summary>
        public static Location ResultTypeLocation(IMethodSymbol method, CancellationToken ct)
        {
            var type = TaskSyntax.GetDeclaration(method, ct)?.ReturnType;
            if (type is QualifiedNameSyntax qualified) type = qualified.Right;
            return type is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic
                ? generic.TypeArgumentList.Arguments[0].GetLocation()
                : TaskSyntax.ReturnTypeLocation(method, ct);
        }

        /// <summary>A type for messages, without a nullable annotation (<c>List&lt;Action&gt;</c>).</summary>
        public static string Display(ITypeSymbol type) =>
            type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

        private static readonly SymbolDisplayFormat ContainingTypeFormat = new(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

        private static string ContainingType(ITypeSymbol type) => type.ToDisplayString(ContainingTypeFormat);
    }
}
