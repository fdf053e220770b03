using Bananas.Tasks.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.RoutingKeyAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT001: invalid routing key literal, wherever code states a route.</summary>
public class BNT001Tests
{
    private static DiagnosticResult At(int marker) => V.Diagnostic("BNT001").WithLocation(marker);

    [Fact]
    public Task AttributeRouteWithSpace_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Route = {|#0:"gpu jobs"|})]
            public static Task Resize(string url) => Task.CompletedTask;
        }
        """,
        At(0).WithArguments("routing key 'gpu jobs' has the character '\\u0020' at position 3; expected 1-64 characters of [A-Za-z0-9_-]"));

    [Fact]
    public Task AttributeRouteEmptyOrTooLongOrConst_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            private const string Bad = "a.b";

            [BananaTask(Route = {|#0:""|})]
            public static Task A() => Task.CompletedTask;

            [BananaTask(Route = {|#1:"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"|})]
            public static Task B() => Task.CompletedTask;

            [BananaTask(Route = {|#2:Bad|})]
            public static Task C() => Task.CompletedTask;
        }
        """,
        At(0).WithArguments("routing key is empty; expected 1-64 characters of [A-Za-z0-9_-]"),
        At(1).WithArguments("routing key 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is 65 characters long; expected 1-64 characters of [A-Za-z0-9_-]"),
        At(2));

    [Fact]
    public Task ValidAttributeRoute_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Route = "gpu-jobs_2")]
            public static Task Resize(string url) => Task.CompletedTask;

            [BananaTask]
            public static Task NoRoute() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task JobOptionsInitializerAndWith_AreFlagged() => V.AnalyzerAsync("""
        using Bananas.Tasks;

        public static class Calls
        {
            public static JobOptions Make()
            {
                var options = new JobOptions { Route = {|#0:"email!"|} };
                return options with { Route = {|#1:" gpu"|} };
            }
        }
        """, At(0), At(1));

    [Fact]
    public Task JobOptionsValidOrNullRoute_IsClean() => V.AnalyzerAsync("""
        using Bananas.Tasks;

        public static class Calls
        {
            public static JobOptions Make(string fromConfig)
            {
                var options = new JobOptions { Route = "email" };
                options = options with { Route = null };
                return options with { Route = fromConfig };
            }
        }
        """);

    [Fact]
    public Task WorkerRoutingKeysInCode_AreFlagged() => V.AnalyzerAsync("""
        using System.Collections.Generic;
        using Bananas.Tasks.Worker;

        public static class Setup
        {
            public static void Configure(BananasWorkerOptions o)
            {
                o.RoutingKeys = ["gpu", {|#0:"e mail"|}];
                o.RoutingKeys = new List<string> { "default", {|#1:"x/y"|} };
                o.RoutingKeys.Add({|#2:""|});
                o.RoutingKeys.Insert(0, {|#3:"tab\t"|});
                o.RoutingKeys.AddRange(new[] { "ok", {|#4:"not ok"|} });
                var other = new BananasWorkerOptions { RoutingKeys = { "fine", {|#5:"fine?"|} } };
            }
        }
        """, At(0), At(1), At(2), At(3), At(4), At(5));

    [Fact]
    public Task WorkerRouteConcurrencyKeys_AreFlagged() => V.AnalyzerAsync("""
        using System.Collections.Generic;
        using Bananas.Tasks.Worker;

        public static class Setup
        {
            public static void Configure(BananasWorkerOptions o)
            {
                o.RouteConcurrency[{|#0:"gpu jobs"|}] = 2;
                o.RouteConcurrency.Add({|#1:"e/mail"|}, 4);
                o.RouteConcurrency = new Dictionary<string, int> { ["gpu"] = 1, [{|#2:"a b"|}] = 2 };
                o.RouteConcurrency = new Dictionary<string, int> { { "gpu", 1 }, { {|#3:"c d"|}, 3 } };
                var other = new BananasWorkerOptions { RouteConcurrency = { [{|#4:""|}] = 1, ["gpu"] = 2 } };
                o.RouteConcurrency["gpu"] = 8;
                var limits = new Dictionary<string, int> { ["not a route"] = 1 };
            }
        }
        """, At(0), At(1), At(2), At(3), At(4));

    [Fact]
    public Task WorkerRoutingKeysValid_IsClean() => V.AnalyzerAsync("""
        using System.Collections.Generic;
        using Bananas.Tasks.Worker;

        public static class Setup
        {
            public static void Configure(BananasWorkerOptions o, string fromEnv)
            {
                o.RoutingKeys = ["gpu", "default"];
                o.RoutingKeys.Add("email");
                o.RoutingKeys.Add(fromEnv);
                var names = new List<string> { "not a route, not checked" };
            }
        }
        """);

    [Fact]
    public Task RoutingKeyParseAndConversion_AreFlagged() => V.AnalyzerAsync("""
        using Bananas.Tasks;

        public static class Keys
        {
            public static void Make()
            {
                var a = RoutingKey.Parse({|#0:"gpu!"|});
                RoutingKey b = {|#1:"with space"|};
                var c = RoutingKey.ParseList({|#2:"gpu, bad key"|});
                var d = RoutingKey.Parse("gpu");
                RoutingKey e = "default";
                var f = RoutingKey.ParseList("gpu, default");
            }
        }
        """, At(0), At(1), At(2));

    [Fact]
    public Task BananaRoutesDeclaration_IsChecked() => V.AnalyzerAsync("""
        using Bananas.Tasks;

        [assembly: BananaRoutes("gpu", {|#0:"e mail"|}, "default")]
        """, At(0));

    [Fact]
    public Task CodeFix_TrimsAndJoinsWithDash() => V.CodeFixAsync<RoutingKeyCodeFixProvider>("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Route = {|#0:" gpu jobs "|})]
            public static Task Resize(string url) => Task.CompletedTask;

            public static JobOptions Options() => new JobOptions { Route = {|#1:"email  low"|} };
        }
        """, """
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Route = "gpu-jobs")]
            public static Task Resize(string url) => Task.CompletedTask;

            public static JobOptions Options() => new JobOptions { Route = "email-low" };
        }
        """, At(0), At(1));

    [Fact]
    public Task NoObviousFix_OffersNone() => V.CodeFixAsync<RoutingKeyCodeFixProvider>("""
        using Bananas.Tasks;

        public static class Calls
        {
            public static JobOptions Options() => new JobOptions { Route = {|#0:"gpu!"|} };
        }
        """, """
        using Bananas.Tasks;

        public static class Calls
        {
            public static JobOptions Options() => new JobOptions { Route = {|#0:"gpu!"|} };
        }
        """, At(0));
}
