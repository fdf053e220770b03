using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>Names of a task for messages; the task and proxy names themselves come from <see cref="TaskShape"/>.</summary>
    internal static class TaskNames
    {
        /// <summary>The wire name, as <see cref="TaskShape.TaskName"/> derives it: <c>Name</c>, else the method name in snake_case.</summary>
        public static string TaskName(IMethodSymbol method, AttributeData attribute) =>
            TaskShape.Of(method, attribute)?.TaskName ?? BananasRules.ToTaskName(method.Name);

        /// <summary>The namespace the proxy is emitted in (the handler type's), for messages: <c>&lt;global namespace&gt;</c> for none.</summary>
        public static string NamespaceOf(IMethodSymbol method)
        {
            var ns = method.ContainingType?.ContainingNamespace;
            return ns is null || ns.IsGlobalNamespace ? "<global namespace>" : ns.ToDisplayString();
        }

        /// <summary>A method for messages: <c>Type.Method</c>.</summary>
        public static string Describe(IMethodSymbol method) =>
            method.ContainingType is null ? method.Name : method.ContainingType.Name + "." + method.Name;
    }
}
