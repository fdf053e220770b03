using Bananas.Tasks.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.RoutingKeyAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT002: a valid route that the assembly's [assembly: BananaRoutes] does not declare.</summary>
public class BNT002Tests
{
    private static DiagnosticResult At(int marker) => V.Diagnostic("BNT002").WithLocation(marker);

    [Fact]
    public Task UndeclaredRoutes_AreFlagged_WithSuggestionWhenClose() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;
        using Bananas.Tasks.Worker;

        [assembly: BananaRoutes("gpu", "email", "default")]

        public static class Jobs
        {
            [BananaTask(Route = {|#0:"gpuu"|})]
            public static Task Resize(string url) => Task.CompletedTask;

            [BananaTask(Route = {|#1:"reports"|})]
            public static Task Report() => Task.CompletedTask;

            public static JobOptions Options() => new JobOptions { Route = {|#2:"emial"|} };

            public static void Worker(BananasWorkerOptions o) => o.RoutingKeys = ["gpu", {|#3:"GPU"|}];
        }
        """,
        At(0).WithArguments("gpuu", "gpu, email, default", "; did you mean 'gpu'?"),
        At(1).WithArguments("reports", "gpu, email, default", ""),
        At(2).WithArguments("emial", "gpu, email, default", "; did you mean 'email'?"),
        At(3).WithArguments("GPU", "gpu, email, default", "; did you mean 'gpu'?"));

    [Fact]
    public Task DeclaredRoutes_AreClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        [assembly: BananaRoutes("gpu", "email", "default")]

        public static class Jobs
        {
            [BananaTask(Route = "gpu")]
            public static Task Resize(string url) => Task.CompletedTask;

            [BananaTask]
            public static Task Plain() => Task.CompletedTask;

            public static JobOptions Options() => new JobOptions { Route = "email" };
        }
        """);

    [Fact]
    public Task WithoutDeclaration_AnyValidRoute_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Route = "anything-goes")]
            public static Task Resize(string url) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task CodeFix_UsesClosestDeclaredRoute() => V.CodeFixAsync<RoutingKeyCodeFixProvider>("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        [assembly: BananaRoutes("gpu", "email", "default")]

        public static class Jobs
        {
            [BananaTask(Route = {|#0:"gpuu"|})]
            public static Task Resize(string url) => Task.CompletedTask;
        }
        """, """
        using System.Threading.Tasks;
        using Bananas.Tasks;

        [assembly: BananaRoutes("gpu", "email", "default")]

        public static class Jobs
        {
            [BananaTask(Route = "gpu")]
            public static Task Resize(string url) => Task.CompletedTask;
        }
        """, At(0));
}
