using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Bananas.Tasks.Generators.Model;

/// <summary>
/// Drops every task whose proxy type (namespace + name) another task of the assembly would generate too. Emitting
/// both would stop the build at CS0101 in generated code, and a compilation with declaration errors reports no
/// analyzer diagnostics; without them the user sees the analyzers' BNT131, which names both tasks.
/// </summary>
internal static class ProxyCollisions
{
    public static ImmutableArray<T> Remove<T>(ImmutableArray<T> items, Func<T, string> proxyTypeName)
    {
        if (items.IsDefaultOrEmpty) return ImmutableArray<T>.Empty;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = proxyTypeName(item);
            counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
        }
        if (counts.Count == items.Length) return items;
        var kept = ImmutableArray.CreateBuilder<T>(counts.Count);
        foreach (var item in items)
        {
            if (counts[proxyTypeName(item)] == 1) kept.Add(item);
        }
        return kept.ToImmutable();
    }
}
