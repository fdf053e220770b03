namespace Bananas.Tasks.Analyzers
{
    /// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> read by the code fixes.</summary>
    internal static class DiagnosticProperties
    {
        /// <summary>The replacement text for a string literal (BNT001, BNT002).</summary>
        public const string Suggestion = "Suggestion";

        /// <summary>The task name a contract rule is about (BNT141–144).</summary>
        public const string ContractTask = "ContractTask";

        /// <summary>The shipped line a contract fix may move to the <c>#removed</c> section (BNT141–143).</summary>
        public const string ContractLine = "ContractLine";

        /// <summary>The shipped parameter name no parameter reads (BNT141).</summary>
        public const string ContractParameter = "ContractParameter";

        /// <summary>Comma-separated payload parameters that could take the old name with <c>[BananaArgument]</c> (BNT141).</summary>
        public const string ContractCandidates = "ContractCandidates";

        /// <summary>The task's current contract lines, separated by <c>\n</c>, for BananaTasks.Unshipped.txt (BNT144).</summary>
        public const string ContractLines = "ContractLines";
    }
}
