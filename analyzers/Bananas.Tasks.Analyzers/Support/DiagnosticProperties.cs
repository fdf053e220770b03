namespace Bananas.Tasks.Analyzers
{
    /// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> read by the code fixes.</summary>
    internal static class DiagnosticProperties
    {
        /// <summary>The replacement text for a string literal (BNT001, BNT002).</summary>
        public const string Suggestion = "Suggestion";
    }
}
