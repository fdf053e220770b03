// "Which payload property names does a task parameter accept?" decided once, for the source generator and the
// analyzers. Linked into both Roslyn components (like TaskShape.cs): the generator's decoder reads each old name of
// [BananaArgument("old")] into the parameter, and the payload-contract analyzer (BNT141) counts a shipped parameter as
// still accepted when a parameter has its name or one of these old names. Roslyn-only: the runtime project compiles
// this file empty. netstandard2.0, Roslyn 4.11, no other dependency.
#if BUILDING_SOURCE_GENERATOR
#nullable enable
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks
{
    /// <summary>The names a payload parameter of a task is read from: its own, then the old names of <c>[BananaArgument]</c>.</summary>
    internal static class TaskArgumentNames
    {
        /// <summary>
        /// The old names of <paramref name="parameter"/> from its <c>[BananaArgument("old")]</c> attributes, in
        /// declaration order, without repeats, without its own name and without a name in <paramref name="payloadNames"/>
        /// (the names of the task's payload parameters: such a property is that parameter's).
        /// </summary>
        public static ImmutableArray<string> OldNames(IParameterSymbol parameter, IReadOnlyCollection<string> payloadNames)
        {
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != BananasRules.BananaArgumentAttributeFullName) continue;
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string old) continue;
                if (old.Length == 0 || old == parameter.Name || names.Contains(old) || Contains(payloadNames, old)) continue;
                names.Add(old);
            }
            return names.ToImmutable();
        }

        private static bool Contains(IReadOnlyCollection<string> names, string name)
        {
            foreach (var n in names)
            {
                if (string.Equals(n, name, StringComparison.Ordinal)) return true;
            }
            return false;
        }
    }
}
#endif
