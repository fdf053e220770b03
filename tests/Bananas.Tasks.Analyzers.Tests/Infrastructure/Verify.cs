using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Bananas.Tasks.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer (and optionally a code fix) over test sources compiled against the net10.0 reference pack
/// and the Bananas.Tasks runtime, with unsafe code allowed (for pointer cases). Diagnostics are stated with
/// <c>{|#n:…|}</c> markup plus <see cref="Diagnostic"/>, or inline as <c>{|BNT001:…|}</c>.
/// </summary>
public static class Verify<TAnalyzer> where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>
    /// A diagnostic of <paramref name="id"/> with the severity its descriptor declares. Its message is checked only
    /// when the test adds <c>WithArguments</c>.
    /// </summary>
    public static DiagnosticResult Diagnostic(string id) =>
        new(id, new TAnalyzer().SupportedDiagnostics.Single(d => d.Id == id).DefaultSeverity);

    /// <summary>Asserts that <paramref name="source"/> produces exactly the diagnostics in its markup and <paramref name="expected"/>.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerAsync(source, withBananas: true, extraFiles: [], expected);

    /// <summary>Same, optionally without the Bananas.Tasks reference and with more files (name, text).</summary>
    public static async Task AnalyzerAsync(string source, bool withBananas, (string Name, string Text)[] extraFiles, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        foreach (var file in extraFiles) test.TestState.Sources.Add((file.Name, file.Text));
        Configure(test, withBananas);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Asserts the diagnostics of <paramref name="source"/> and that <typeparamref name="TFix"/> turns it into <paramref name="fixedSource"/>.</summary>
    public static async Task CodeFixAsync<TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.None,
        };
        Configure(test, withBananas: true);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>
    /// Asserts that <paramref name="source"/> with <paramref name="additionalFiles"/> (name, text: the payload contract
    /// files) produces exactly the diagnostics in its markup and <paramref name="expected"/>.
    /// </summary>
    public static Task WithFilesAsync(string source, (string Name, string Text)[] additionalFiles, params DiagnosticResult[] expected) =>
        WithFilesAsync(source, withBananas: true, additionalFiles, expected);

    /// <summary>Same, optionally without the Bananas.Tasks reference.</summary>
    public static async Task WithFilesAsync(string source, bool withBananas, (string Name, string Text)[] additionalFiles, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        foreach (var file in additionalFiles) test.TestState.AdditionalFiles.Add((file.Name, file.Text));
        Configure(test, withBananas);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>
    /// Asserts the diagnostics of <paramref name="source"/> with <paramref name="additionalFiles"/>, and that the code
    /// action <paramref name="actionIndex"/> of <typeparamref name="TFix"/> turns them into <paramref name="fixedSource"/>
    /// and <paramref name="fixedFiles"/>. <paramref name="remaining"/>: the diagnostics left after the fix. With
    /// <paramref name="checkFixAll"/> fix-all (document, project, solution) must reach the same state.
    /// </summary>
    public static async Task FixWithFilesAsync<TFix>(
        string source, (string Name, string Text)[] additionalFiles, DiagnosticResult[] expected,
        string fixedSource, (string Name, string Text)[] fixedFiles, int actionIndex = 0, bool checkFixAll = false, params DiagnosticResult[] remaining)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
            CodeActionIndex = actionIndex,
            // Most contract fixes have no fix-all (each edits one line of one file).
            CodeFixTestBehaviors = checkFixAll ? CodeFixTestBehaviors.None : CodeFixTestBehaviors.SkipFixAllCheck,
        };
        foreach (var file in additionalFiles) test.TestState.AdditionalFiles.Add((file.Name, file.Text));
        // The fixed state is stated in full: a fix can clear diagnostics it was not registered for (an old name on the
        // renamed parameter ends BNT143 too), which the default inheritance would expect to remain.
        test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
        test.FixedState.Sources.Add(fixedSource);
        foreach (var file in fixedFiles) test.FixedState.AdditionalFiles.Add((file.Name, file.Text));
        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        Configure(test, withBananas: true);
        test.FixedState.AdditionalReferences.AddRange(test.TestState.AdditionalReferences);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    private static void Configure<TVerifier>(AnalyzerTest<TVerifier> test, bool withBananas) where TVerifier : IVerifier, new()
    {
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net10);
        if (withBananas) test.TestState.AdditionalReferences.Add(TestReferences.Bananas);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
            return solution.WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(true));
        });
    }
}
