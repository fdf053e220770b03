using System.Collections.Generic;
using System.Collections.Immutable;

namespace Bananas.Tasks.Generators.Model;

/// <summary>One task and the unique hint name of its generated file.</summary>
internal sealed record TaskFile(string HintName, TaskModel Task)
{
    /// <summary>
    /// Pairs every task with its hint name. Tasks sharing a task name or a proxy are already removed (<see cref="TaskIdentity.Unique"/>);
    /// two whose hint names differ only in case (proxies <c>Notify</c> and <c>notify</c>) get a numeric suffix, as
    /// hint names are compared case-insensitively.
    /// </summary>
    public static ImmutableArray<TaskFile> AssignHintNames(ImmutableArray<TaskModel> tasks)
    {
        var used = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        var files = ImmutableArray.CreateBuilder<TaskFile>(tasks.Length);
        foreach (var task in tasks)
        {
            var hint = task.HintName;
            for (int n = 2; !used.Add(hint); n++) hint = task.HintName.Substring(0, task.HintName.Length - ".g.cs".Length) + "." + n + ".g.cs";
            files.Add(new TaskFile(hint, task));
        }
        return files.MoveToImmutable();
    }
}
