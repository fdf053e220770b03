using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers.Contracts
{
    /// <summary>A <c>[BananaTask]</c> method as the contract sees it: its task name and its payload parameters.</summary>
    internal sealed class CurrentTask
    {
        private CurrentTask(string name, string method, Location location, ImmutableArray<CurrentParameter> parameters)
        {
            Name = name;
            Method = method;
            Location = location;
            Parameters = parameters;
        }

        /// <summary>The task name on the wire.</summary>
        public string Name { get; }

        /// <summary><c>Type.Method</c>, for messages.</summary>
        public string Method { get; }

        /// <summary>The method's name in source.</summary>
        public Location Location { get; }

        /// <summary>The payload parameters in declaration order (injected ones are not in the payload).</summary>
        public ImmutableArray<CurrentParameter> Parameters { get; }

        /// <summary>The contract lines of this shape: the task line, then a param line per payload parameter in declaration order.</summary>
        public IReadOnlyList<string> Lines() =>
            new[] { ContractLines.Task(Name) }.Concat(Parameters.Select(p => ContractLines.Param(Name, p.Name, p.Optional, p.Type))).ToList();

        /// <summary>The task of <paramref name="method"/>, or null when it is no task method.</summary>
        public static CurrentTask? Of(IMethodSymbol method, AttributeData attribute, CancellationToken cancellationToken)
        {
            if (TaskShape.Of(method, attribute) is not { } shape) return null;
            var payload = method.Parameters.Where((_, i) => shape.ParameterRoles[i] == TaskParameterRole.Payload).ToList();
            var declaration = TaskSyntax.GetDeclaration(method, cancellationToken);
            var parameters = payload.Select(p =>
            {
                var syntax = declaration?.ParameterList.Parameters.FirstOrDefault(s => s.Identifier.ValueText == p.Name);
                return new CurrentParameter(p.Name, ContractTypes.Display(p.Type), p.HasExplicitDefaultValue,
                    TaskArgumentNames.OldNames(p, payload),
                    syntax?.Identifier.GetLocation() ?? TaskSyntax.FirstLocation(p),
                    syntax?.Type?.GetLocation() ?? syntax?.Identifier.GetLocation() ?? TaskSyntax.FirstLocation(p));
            }).ToImmutableArray();
            return new CurrentTask(shape.TaskName, TaskNames.Describe(method), TaskSyntax.NameLocation(method, cancellationToken), parameters);
        }
    }

    /// <summary>A payload parameter of a <see cref="CurrentTask"/>.</summary>
    internal sealed class CurrentParameter
    {
        public CurrentParameter(string name, string type, bool optional, ImmutableArray<string> oldNames, Location location, Location typeLocation)
        {
            Name = name;
            Type = type;
            Optional = optional;
            OldNames = oldNames;
            Location = location;
            TypeLocation = typeLocation;
        }

        /// <summary>Its name: the property new payloads carry.</summary>
        public string Name { get; }

        /// <summary>Its type as <see cref="ContractTypes.Display"/> writes it.</summary>
        public string Type { get; }

        /// <summary>True when it has a default value: the decoder fills it when the payload lacks it.</summary>
        public bool Optional { get; }

        /// <summary>The old names of <c>[BananaArgument]</c> the decoder also reads into it.</summary>
        public ImmutableArray<string> OldNames { get; }

        /// <summary>Its name in source.</summary>
        public Location Location { get; }

        /// <summary>Its type in source.</summary>
        public Location TypeLocation { get; }

        /// <summary>True when the decoder reads a payload property named <paramref name="property"/> into it.</summary>
        public bool Reads(string property) => Name == property || OldNames.Contains(property);
    }
}
