using Microsoft.CodeAnalysis.Diagnostics;
using Bananas.Tasks.Analyzers.Tests.Infrastructure;

namespace Bananas.Tasks.Analyzers.Tests;

/// <summary>
/// Without a Bananas.Tasks reference every analyzer is silent, even on code that looks like Bananas code
/// (a look-alike attribute in another namespace with every bad value): they match by metadata name only.
/// </summary>
public class NoLibraryTests
{
    private const string LookAlike = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Collections.Generic;

        [assembly: MyApp.BananaRoutes("gpu")]

        namespace MyApp
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class BananaTaskAttribute : Attribute
            {
                public string? Name { get; set; }
                public string? ProxyName { get; set; }
                public string Route { get; set; } = "default";
                public int Priority { get; set; } = 2;
                public int MaxRetries { get; set; } = -1;
                public int TimeoutSeconds { get; set; }
                public string? Cron { get; set; }
                public string? TimeZone { get; set; }
            }

            [AttributeUsage(AttributeTargets.Assembly)]
            public sealed class BananaRoutesAttribute(params string[] routes) : Attribute { }

            public sealed class JobOptions { public string? Route { get; init; } }

            [AttributeUsage(AttributeTargets.Parameter)]
            public sealed class SensitiveAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = true)]
            public sealed class BananaArgumentAttribute(string oldName) : Attribute { public string OldName { get; } = oldName; }

            public record Receipt(string To);

            public static class Jobs
            {
                [BananaTask(Route = "bad route", Priority = 7, MaxRetries = -5, TimeoutSeconds = -1, Name = "a b", ProxyName = "1x",
                    Cron = "nope", TimeZone = "Mars/Base")]
                public static async void Receipt<T>(CancellationToken one, CancellationToken two, Stream s, Func<int> f) => await Task.Yield();

                [BananaTask(Name = "a b")]
                private static int Other(ref int b) => b;

                public static JobOptions Options() => new JobOptions { Route = "not valid!" };

                public static Task Send(string to, [Sensitive] string apiKey) => Task.CompletedTask;

                [BananaTask]
                public static Task Renamed([BananaArgument("to"), BananaArgument("to")] string to, [BananaArgument("x")] CancellationToken ct) => Task.CompletedTask;
            }
        }
        """;

    private static readonly string[] AnalyzerNames =
    [
        nameof(RoutingKeyAnalyzer), nameof(TaskAttributeValueAnalyzer), nameof(TaskSignatureAnalyzer), nameof(TaskContainingTypeAnalyzer),
        nameof(ProxyNameCollisionAnalyzer), nameof(PayloadTypeAnalyzer), nameof(CronScheduleAnalyzer), nameof(TaskIdentityAnalyzer),
        nameof(SensitiveParameterAnalyzer), nameof(WorkflowStepAnalyzer), nameof(PayloadContractAnalyzer), nameof(ArgumentOldNameAnalyzer),
    ];

    public static TheoryData<string> Analyzers => new(AnalyzerNames);

    [Theory]
    [MemberData(nameof(Analyzers))]
    public Task WithoutBananasReference_IsSilent(string analyzer) => analyzer switch
    {
        nameof(RoutingKeyAnalyzer) => Run<RoutingKeyAnalyzer>(),
        nameof(TaskAttributeValueAnalyzer) => Run<TaskAttributeValueAnalyzer>(),
        nameof(TaskSignatureAnalyzer) => Run<TaskSignatureAnalyzer>(),
        nameof(TaskContainingTypeAnalyzer) => Run<TaskContainingTypeAnalyzer>(),
        nameof(ProxyNameCollisionAnalyzer) => Run<ProxyNameCollisionAnalyzer>(),
        nameof(PayloadTypeAnalyzer) => Run<PayloadTypeAnalyzer>(),
        nameof(CronScheduleAnalyzer) => Run<CronScheduleAnalyzer>(),
        nameof(TaskIdentityAnalyzer) => Run<TaskIdentityAnalyzer>(),
        nameof(SensitiveParameterAnalyzer) => Run<SensitiveParameterAnalyzer>(),
        nameof(WorkflowStepAnalyzer) => Run<WorkflowStepAnalyzer>(),
        nameof(ArgumentOldNameAnalyzer) => Run<ArgumentOldNameAnalyzer>(),
        // With contract files that every look-alike task would break (and an unreadable line): still silent.
        nameof(PayloadContractAnalyzer) => Verify<PayloadContractAnalyzer>.WithFilesAsync("#nullable enable\n" + LookAlike, withBananas: false,
            [("BananaTasks.Shipped.txt", "task gone\nparam receipt x required int\nnot a line\n"), ("BananaTasks.Unshipped.txt", "")]),
        _ => throw new ArgumentOutOfRangeException(nameof(analyzer), analyzer, "not an analyzer of this assembly"),
    };

    [Fact]
    public void EveryAnalyzer_IsCoveredByTheTheory()
    {
        var all = typeof(RoutingKeyAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);
        var covered = AnalyzerNames.Order(StringComparer.Ordinal);
        Assert.Equal(all, covered);
    }

    private static Task Run<TAnalyzer>() where TAnalyzer : DiagnosticAnalyzer, new() =>
        Verify<TAnalyzer>.AnalyzerAsync("#nullable enable\n" + LookAlike, withBananas: false, extraFiles: []);
}
