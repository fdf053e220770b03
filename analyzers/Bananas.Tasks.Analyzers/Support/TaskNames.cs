using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>The names the generator derives for a task, by the same rules.</summary>
    internal static class TaskNames
    {
        /// <summary>The wire name: <c>Name</c>, else the method name in snake_case.</summary>
        public static string TaskName(IMethodSymbol method, AttributeData attribute) =>
            TaskAttributeArguments.GetString(attribute, "Name") ?? BananasRules.ToTaskName(method.Name);

        /// <summary>The proxy type name: <c>ProxyName</c>, else the method name.</summary>
        public static string ProxyName(IMethodSymbol method, AttributeData attribute) =>
            TaskAttributeArguments.GetString(attribute, "ProxyName") ?? method.Name;

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
