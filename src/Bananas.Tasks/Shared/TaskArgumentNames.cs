// "Which payload property names does a task parameter accept?" decided once, for the source generator and the
// analyzers. Linked into both Roslyn components (like TaskShape.cs): the generator's decoder reads each old name of
// [BananaArgument("old")] into the parameter, the payload-contract analyzer (BNT141) counts a shipped parameter as
// still accepted when a parameter has its name or one of these old names, and BNT028 reports every old name that is
// ignored, with WhyIgnored's reason. Roslyn-only: the runtime project compiles this file empty.
// netstandard2.0, Roslyn 4.11, no other dependency.
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
        /// The old names of <paramref name="parameter"/> from its <c>[BananaArgument("old")]</c> attributes that the decoder
        /// reads into it, in declaration order: each one <see cref="WhyIgnored"/> has no reason against.
        /// <paramref name="payload"/>: the task's payload parameters in declaration order (injected ones are not in it).
        /// </summary>
        public static ImmutableArray<string> OldNames(IParameterSymbol parameter, IReadOnlyList<IParameterSymbol> payload)
        {
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var (_, old) in Declared(parameter))
            {
                if (WhyIgnored(old, parameter, payload, names) is null) names.Add(old!);
            }
            return names.ToImmutable();
        }

        /// <summary>The <c>[BananaArgument]</c> attributes of <paramref name="parameter"/> with the old name each gives (null when it is not a constant string).</summary>
        public static IEnumerable<(AttributeData Attribute, string? OldName)> Declared(IParameterSymbol parameter)
        {
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != BananasRules.BananaArgumentAttributeFullName) continue;
                yield return (attribute, attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null);
            }
        }

        /// <summary>
        /// Why the decoder does not read the payload property <paramref name="old"/> into <paramref name="parameter"/>, or null
        /// when it does. <paramref name="acceptedSoFar"/>: the parameter's old names accepted before this one.
        /// </summary>
        public static string? WhyIgnored(string? old, IParameterSymbol parameter, IReadOnlyList<IParameterSymbol> payload, ICollection<string> acceptedSoFar)
        {
            if (string.IsNullOrEmpty(old)) return "an empty name is never a payload property";
            if (string.Equals(old, parameter.Name, StringComparison.Ordinal)) return "it is the parameter's own name";
            if (acceptedSoFar.Contains(old!)) return "it is given twice";
            foreach (var other in payload)
            {
                if (!SymbolEqualityComparer.Default.Equals(other, parameter) && string.Equals(other.Name, old, StringComparison.Ordinal))
                    return "'" + old + "' is the name of payload parameter '" + other.Name + "', which reads that property";
            }
            // The decoder tests the parameters in order: an earlier parameter that already reads the name keeps it.
            foreach (var earlier in payload)
            {
                if (SymbolEqualityComparer.Default.Equals(earlier, parameter)) break;
                if (OldNames(earlier, payload).Contains(old!))
                    return "'" + old + "' is already an old name of parameter '" + earlier.Name + "', which reads that property";
            }
            return null;
        }
    }
}
#endif
