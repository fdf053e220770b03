using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.ProxyNameCollisionAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT030: the generated proxy's name is taken by an existing type in the handler's namespace.</summary>
public class BNT030Tests
{
    [Fact]
    public Task ProxyCollidesWithExistingType_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace Shop
        {
            public record SendReceipt(string To);

            public static class Jobs
            {
                [BananaTask] public static Task {|#0:SendReceipt|}(string to) => Task.CompletedTask;

                [BananaTask(ProxyName = {|#1:"Jobs"|})] public static Task Other() => Task.CompletedTask;

                [BananaTask] public static Task {|#2:Archive|}() => Task.CompletedTask;
            }
        }

        namespace Shop.Archive
        {
            public static class Marker { }
        }
        """,
        V.Diagnostic("BNT030").WithLocation(0).WithArguments("SendReceipt", "Jobs.SendReceipt", "Shop.SendReceipt"),
        V.Diagnostic("BNT030").WithLocation(1).WithArguments("Jobs", "Jobs.Other", "Shop.Jobs"),
        V.Diagnostic("BNT030").WithLocation(2).WithArguments("Archive", "Jobs.Archive", "Shop.Archive"));

    [Fact]
    public Task ProxyInOtherNamespaceOrRenamed_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace Shop.Models
        {
            public record SendReceipt(string To);
            public class Generic<T> { }
        }

        namespace Shop
        {
            public static class Jobs
            {
                [BananaTask] public static Task SendReceipt(string to) => Task.CompletedTask;
                [BananaTask(ProxyName = "SendInvoiceTask")] public static Task SendInvoice() => Task.CompletedTask;
                [BananaTask] public static Task Generic() => Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task TypeOnlyInGeneratedFile_IsIgnored() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace Shop
        {
            public static class Jobs
            {
                [BananaTask] public static Task SendReceipt(string to) => Task.CompletedTask;
            }
        }
        """, withBananas: true, extraFiles: [("Shop.Jobs.SendReceipt.g.cs", "namespace Shop { public static partial class SendReceipt { } }")]);
}
