// "Which tasks of an assembly clash?" decided once, for the source generator and the analyzers.
// Linked into both Roslyn components (like TaskShape.cs): the analyzers report each clashing group (BNT130: one task
// name; BNT131: one proxy type), the generator emits none of the tasks in any such group, so it never emits a pair
// that AddGeneratedTasks() would refuse at start-up or that would not compile (CS0101). Roslyn-only: the runtime
// project compiles this file empty. netstandard2.0, no dependency.
#if BUILDING_SOURCE_GENERATOR
#nullable enable
using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Bananas.Tasks
{
    /// <summary>The identity of a task within its assembly: its task name on the wire, and the proxy type it generates.</summary>
    internal static class TaskIdentity
    {
        /// <summary>
        /// The proxy type a task generates, as one comparable key: its namespace (empty for the global namespace) and
        /// its proxy name.
        /// </summary>
        public static string ProxyTypeKey(string @namespace, string proxyName) =>
            @namespace.Length == 0 ? proxyName : @namespace + "." + proxyName;

        /// <summary>
        /// Groups of two or more <paramref name="items"/> with one <paramref name="key"/> (ordinal), in the order of
        /// their first member; each group keeps the input order.
        /// </summary>
        public static List<List<T>> Duplicates<T>(IEnumerable<T> items, Func<T, string> key)
        {
            var groups = new Dictionary<string, List<T>>(StringComparer.Ordinal);
            var order = new List<List<T>>();
            foreach (var item in items)
            {
                var k = key(item);
                if (!groups.TryGetValue(k, out var group))
                {
                    groups[k] = group = new List<T>();
                    order.Add(group);
                }
                group.Add(item);
            }
            order.RemoveAll(g => g.Count < 2);
            return order;
        }

        /// <summary>
        /// The <paramref name="tasks"/> that share neither their task name (BNT130) nor their proxy type (BNT131) with
        /// another task: the ones the generator emits.
        /// </summary>
        public static ImmutableArray<T> Unique<T>(ImmutableArray<T> tasks, Func<T, string> taskName, Func<T, string> proxyTypeKey)
        {
            if (tasks.IsDefaultOrEmpty) return ImmutableArray<T>.Empty;
            var names = Count(tasks, taskName);
            var proxies = Count(tasks, proxyTypeKey);
            if (names.Count == tasks.Length && proxies.Count == tasks.Length) return tasks;
            var kept = ImmutableArray.CreateBuilder<T>(tasks.Length);
            foreach (var task in tasks)
            {
                if (names[taskName(task)] == 1 && proxies[proxyTypeKey(task)] == 1) kept.Add(task);
            }
            return kept.ToImmutable();
        }

        private static Dictionary<string, int> Count<T>(ImmutableArray<T> items, Func<T, string> key)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var k = key(item);
                counts[k] = counts.TryGetValue(k, out var n) ? n + 1 : 1;
            }
            return counts;
        }
    }
}
#endif
