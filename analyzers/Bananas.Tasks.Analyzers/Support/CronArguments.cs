using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// BNT102's checks: the arguments every job of a <c>[BananaTask(Cron = …)]</c> schedule gets. <c>CronArgs</c> must
    /// be one JSON object whose property names are parameters of the task (each at most once) and that names every
    /// parameter without a default, with values of the JSON kind each built-in parameter type is read from
    /// (<see cref="CronArgValues"/>); without <c>CronArgs</c> every parameter needs a default. <c>CronArgs</c> without
    /// <c>Cron</c> has no effect. A <c>CancellationToken</c> parameter is not an argument: the worker supplies it.
    /// </summary>
    internal static class CronArguments
    {
        /// <summary>The problem, or null; <paramref name="onCronArgs"/> is true when it lies in the <c>CronArgs</c> text.</summary>
        public static string? Check(IMethodSymbol method, AttributeData attribute, BananasSymbols symbols, out bool onCronArgs)
        {
            onCronArgs = false;
            var cron = TaskAttributeArguments.GetString(attribute, "Cron");
            var cronArgs = TaskAttributeArguments.GetString(attribute, "CronArgs");
            var parameters = method.Parameters
                .Where(p => !SymbolEqualityComparer.Default.Equals(p.Type, symbols.CancellationToken))
                .ToList();

            if (cron is null)
            {
                onCronArgs = cronArgs is not null;
                return cronArgs is null ? null : "CronArgs is set without Cron; it gives the arguments of a periodic task's jobs, so set Cron too or remove CronArgs";
            }

            if (cronArgs is null)
            {
                var required = parameters.Where(p => !p.HasExplicitDefaultValue).Select(p => "'" + p.Name + "'").ToList();
                if (required.Count == 0) return null;
                return (required.Count == 1 ? "parameter " + required[0] + " has" : "parameters " + string.Join(", ", required) + " have")
                    + " no default value and CronArgs is not set, so its jobs have no arguments to run with; set CronArgs to a JSON object of the arguments (CronArgs = \"\"\"{"
                    + string.Join(",", parameters.Where(p => !p.HasExplicitDefaultValue).Select(p => "\"" + p.Name + "\":…")) + "}\"\"\") or give every parameter a default";
            }

            onCronArgs = true;
            var properties = CronArgsJson.ReadProperties(cronArgs, out var error);
            if (properties is null) return "CronArgs is not valid: " + error;

            var known = parameters.Select(p => p.Name).ToList();
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var property in properties)
            {
                var parameter = parameters.FirstOrDefault(p => p.Name == property.Name);
                if (parameter is null)
                {
                    return "CronArgs has the property '" + property.Name + "', which is not a parameter of the task; "
                        + (known.Count == 0 ? "the task takes no arguments, so CronArgs must be {}" : "expected " + string.Join(", ", known.Select(k => "'" + k + "'")) + " (names match exactly, case included)");
                }
                if (!seen.Add(property.Name)) return "CronArgs has the property '" + property.Name + "' twice; give each argument once";
                var mismatch = CronArgValues.Check(parameter, property);
                if (mismatch is not null) return mismatch;
            }
            var missing = parameters.Where(p => !p.HasExplicitDefaultValue && !seen.Contains(p.Name)).Select(p => "'" + p.Name + "'").ToList();
            if (missing.Count > 0)
                return "CronArgs lacks " + (missing.Count == 1 ? "the argument " + missing[0] + ", which has" : "the arguments " + string.Join(", ", missing) + ", which have") + " no default value";
            return null;
        }
    }
}
