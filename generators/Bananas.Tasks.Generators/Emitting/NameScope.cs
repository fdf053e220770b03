using System.Collections.Generic;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// Picks names for the generated code's own parameters and locals that never collide with the task's parameter
/// names (a task may well have a parameter called <c>options</c> or <c>context</c>).
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;

    public NameScope(IEnumerable<string> taken) => _taken = new HashSet<string>(taken, System.StringComparer.Ordinal);

    /// <summary><paramref name="preferred"/>, or it with enough trailing underscores to be unique; the name is then taken.</summary>
    public string Take(string preferred)
    {
        var name = preferred;
        while (!_taken.Add(name)) name += "_";
        return name;
    }
}
