using Bananas.Tasks.Analyzers.Tests.Infrastructure;
using Bananas.Tasks.Generators;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Bananas.Tasks.Analyzers.Tests;

/// <summary>
/// With the real source generator attached, valid tasks stay clean: the generator's own proxies (in
/// <c>*.g.cs</c> files) are not collisions (BNT030), generated code is not analyzed, and the generated code
/// compiles. A rule still fires next to generated code.
/// </summary>
public class WithGeneratorTests
{
    private const string ValidTasks = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        [assembly: BananaRoutes("gpu", "email", "default")]

        namespace Shop
        {
            public enum Size { Small, Large }

            public static class ImageTasks
            {
                [BananaTask(Route = "gpu", Priority = Priority.High, MaxRetries = 5, TimeoutSeconds = 60)]
                public static Task<string> ResizeImage(string url, int width, Size size, CancellationToken cancellationToken) => Task.FromResult(url);

                [BananaTask(Name = "images.purge", Cron = "0 3 * * *", TimeZone = "UTC")]
                public static ValueTask Purge() => default;
            }

            public sealed class Mailer
            {
                [BananaTask(Route = "email", ProxyName = "SendWelcomeMail")]
                public async Task SendWelcome(Guid userId, string? note)
                {
                    await Task.Yield();
                }
            }
        }
        """;

    private sealed class Test<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> where TAnalyzer : DiagnosticAnalyzer, new()
    {
        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(BananaTaskGenerator)];
    }

    private static async Task RunAsync<TAnalyzer>(string source, params DiagnosticResult[] expected) where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new Test<TAnalyzer>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
            // The generated files are whatever the generator emits; this test is about the analyzers.
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net10);
        test.TestState.AdditionalReferences.AddRange(TestReferences.BananasWithDependencies);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    [Fact] public Task Routing_IsClean() => RunAsync<RoutingKeyAnalyzer>(ValidTasks);
    [Fact] public Task AttributeValues_AreClean() => RunAsync<TaskAttributeValueAnalyzer>(ValidTasks);
    [Fact] public Task Signatures_AreClean() => RunAsync<TaskSignatureAnalyzer>(ValidTasks);
    [Fact] public Task ContainingTypes_AreClean() => RunAsync<TaskContainingTypeAnalyzer>(ValidTasks);
    [Fact] public Task GeneratedProxies_AreNotCollisions() => RunAsync<ProxyNameCollisionAnalyzer>(ValidTasks);
    [Fact] public Task PayloadTypes_AreClean() => RunAsync<PayloadTypeAnalyzer>(ValidTasks);
    [Fact] public Task Schedules_AreClean() => RunAsync<CronScheduleAnalyzer>(ValidTasks);
    [Fact] public Task TaskIdentities_AreClean() => RunAsync<TaskIdentityAnalyzer>(ValidTasks);

    [Fact]
    public Task RuleStillFires_NextToGeneratedCode() => RunAsync<RoutingKeyAnalyzer>(
        ValidTasks.Replace("[BananaTask(Route = \"gpu\",", "[BananaTask(Route = {|#0:\"gpuu\"|},"),
        Verify<RoutingKeyAnalyzer>.Diagnostic("BNT002").WithLocation(0).WithArguments("gpuu", "gpu, email, default", "; did you mean 'gpu'?"));
}
