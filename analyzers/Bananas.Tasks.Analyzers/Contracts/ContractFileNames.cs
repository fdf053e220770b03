using System;

namespace Bananas.Tasks.Analyzers.Contracts
{
    /// <summary>The two payload-contract files a project opts in with (as <c>AdditionalFiles</c>), and how lines in them are written.</summary>
    internal static class ContractFileNames
    {
        /// <summary>The released contract: shapes of jobs that may be waiting in Redis. Checked by BNT140–143.</summary>
        public const string Shipped = "BananaTasks.Shipped.txt";

        /// <summary>Tasks recorded but not released yet: no queued job can have their shape. Not checked against the code.</summary>
        public const string Unshipped = "BananaTasks.Unshipped.txt";

        /// <summary>The header line after which the entries of <see cref="Shipped"/> are removed (accepted breaks).</summary>
        public const string RemovedHeader = "#removed";

        /// <summary>The keyword of a task line: <c>task &lt;name&gt;</c>.</summary>
        public const string TaskKeyword = "task";

        /// <summary>The keyword of a parameter line: <c>param &lt;task&gt; &lt;name&gt; required|optional &lt;type&gt;</c>.</summary>
        public const string ParamKeyword = "param";

        /// <summary>True when <paramref name="path"/> names <see cref="Shipped"/> (any folder, any case).</summary>
        public static bool IsShipped(string path) => string.Equals(FileName(path), Shipped, StringComparison.OrdinalIgnoreCase);

        /// <summary>True when <paramref name="path"/> names <see cref="Unshipped"/> (any folder, any case).</summary>
        public static bool IsUnshipped(string path) => string.Equals(FileName(path), Unshipped, StringComparison.OrdinalIgnoreCase);

        private static string FileName(string path)
        {
            var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return slash < 0 ? path : path.Substring(slash + 1);
        }
    }
}
