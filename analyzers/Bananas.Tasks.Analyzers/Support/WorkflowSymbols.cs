using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// The workflow types of Bananas.Tasks (<c>Step&lt;T&gt;</c>, <c>StepGroup&lt;T&gt;</c>, <c>IStepInput&lt;T&gt;</c>) and how to
    /// recognize a generated proxy's <c>Call</c>, resolved once per compilation.
    /// </summary>
    internal sealed class WorkflowSymbols
    {
        /// <summary>The generator's name in the <c>[GeneratedCode]</c> attribute of every proxy it emits.</summary>
        public const string GeneratorName = "Bananas.Tasks.Generators";

        private WorkflowSymbols(Compilation compilation, INamedTypeSymbol step, INamedTypeSymbol group, INamedTypeSymbol input)
        {
            Compilation = compilation;
            Step = step;
            StepGroup = group;
            StepInput = input;
            ReadOnlyList = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IReadOnlyList_T);
            GeneratedCodeAttribute = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
        }

        /// <summary>The compilation these symbols belong to.</summary>
        public Compilation Compilation { get; }

        /// <summary><c>Bananas.Tasks.Workflows.Step&lt;T&gt;</c>.</summary>
        public INamedTypeSymbol Step { get; }

        /// <summary><c>Bananas.Tasks.Workflows.StepGroup&lt;T&gt;</c>.</summary>
        public INamedTypeSymbol StepGroup { get; }

        /// <summary><c>Bananas.Tasks.Workflows.IStepInput&lt;T&gt;</c>.</summary>
        public INamedTypeSymbol StepInput { get; }

        /// <summary><c>System.Collections.Generic.IReadOnlyList&lt;T&gt;</c>, what a group's <c>Then</c> passes on.</summary>
        public INamedTypeSymbol ReadOnlyList { get; }

        /// <summary><c>System.CodeDom.Compiler.GeneratedCodeAttribute</c>.</summary>
        public INamedTypeSymbol? GeneratedCodeAttribute { get; }

        /// <summary>The symbols of <paramref name="compilation"/>, or null when its Bananas.Tasks has no workflows.</summary>
        public static WorkflowSymbols? TryCreate(Compilation compilation)
        {
            var step = compilation.GetTypeByMetadataName("Bananas.Tasks.Workflows.Step`1");
            var group = compilation.GetTypeByMetadataName("Bananas.Tasks.Workflows.StepGroup`1");
            var input = compilation.GetTypeByMetadataName("Bananas.Tasks.Workflows.IStepInput`1");
            return step is null || group is null || input is null ? null : new WorkflowSymbols(compilation, step, group, input);
        }

        /// <summary>
        /// What <c>Then</c> on <paramref name="receiver"/> passes to the next step: <c>T</c> for a <c>Step&lt;T&gt;</c>,
        /// <c>IReadOnlyList&lt;T&gt;</c> for a <c>StepGroup&lt;T&gt;</c>; null for any other type.
        /// </summary>
        public ITypeSymbol? ResultPassedOn(ITypeSymbol? receiver)
        {
            if (receiver is not INamedTypeSymbol { TypeArguments.Length: 1 } named) return null;
            if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Step)) return named.TypeArguments[0];
            if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, StepGroup)) return ReadOnlyList.Construct(named.TypeArguments[0]);
            return null;
        }

        /// <summary>The value of the <c>TaskName</c> constant of <paramref name="type"/> when it is a proxy the generator emitted, else null.</summary>
        public string? ProxyTaskName(INamedTypeSymbol type)
        {
            if (!IsGenerated(type)) return null;
            foreach (var member in type.GetMembers("TaskName"))
            {
                if (member is IFieldSymbol { IsConst: true, ConstantValue: string name }) return name;
            }
            return null;
        }

        /// <summary>
        /// The input form of a proxy's <c>Call</c>, <c>Call&lt;TInput&gt;(TInput first, …) where TInput : IStepInput&lt;T1&gt;</c>:
        /// true with <paramref name="parameter"/> (its first parameter) and <paramref name="takes"/> (<c>T1</c>).
        /// </summary>
        public bool TryGetInputForm(IMethodSymbol call, out IParameterSymbol parameter, out ITypeSymbol takes)
        {
            parameter = null!;
            takes = null!;
            if (call.Name != "Call" || call.TypeParameters.Length != 1 || call.Parameters.Length == 0) return false;
            var typeParameter = call.TypeParameters[0];
            if (!SymbolEqualityComparer.Default.Equals(call.Parameters[0].Type, typeParameter)) return false;
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (constraint is INamedTypeSymbol { TypeArguments.Length: 1 } named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, StepInput))
                {
                    parameter = call.Parameters[0];
                    takes = named.TypeArguments[0];
                    return true;
                }
            }
            return false;
        }

        /// <summary>True when a step producing <paramref name="result"/> feeds a parameter of type <paramref name="takes"/>: <c>IStepInput&lt;result&gt;</c> converts to <c>IStepInput&lt;takes&gt;</c>.</summary>
        public bool Feeds(ITypeSymbol result, ITypeSymbol takes)
        {
            var conversion = Compilation.ClassifyCommonConversion(StepInput.Construct(result), StepInput.Construct(takes));
            return conversion.Exists && conversion.IsImplicit;
        }

        private bool IsGenerated(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, GeneratedCodeAttribute)
                    && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is GeneratorName)
                    return true;
            }
            return false;
        }
    }
}
