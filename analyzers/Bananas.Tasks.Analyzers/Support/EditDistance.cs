using System;
using System.Collections.Generic;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>"Did you mean …?" suggestions by edit distance.</summary>
    internal static class EditDistance
    {
        /// <summary>
        /// Optimal-string-alignment distance between <paramref name="a"/> and <paramref name="b"/>, ignoring case:
        /// insertions, deletions, substitutions and swaps of neighbours each cost 1.
        /// </summary>
        public static int Between(string a, string b)
        {
            a = a.ToLowerInvariant();
            b = b.ToLowerInvariant();
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    int best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = Math.Min(best, d[i - 2, j - 2] + 1);
                    d[i, j] = best;
                }
            }
            return d[a.Length, b.Length];
        }

        /// <summary>
        /// The candidate closest to <paramref name="value"/> when it is close enough to be a likely typo
        /// (distance at most 2, or at most a third of the candidate's length); the first declared wins a tie.
        /// Null when nothing is close.
        /// </summary>
        public static string? ClosestMatch(string value, IEnumerable<string> candidates)
        {
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (var candidate in candidates)
            {
                if (candidate == value) return null;
                int distance = Between(value, candidate);
                int allowed = Math.Max(2, candidate.Length / 3);
                if (distance <= allowed && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best;
        }
    }
}
