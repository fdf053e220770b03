using Bananas.Tasks.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// A task whose proxy would collide — with another task's proxy in the same namespace, or with a type that already
/// exists there — gets no output at all, so the build does not stop at CS0101 in generated code (which would hide
/// the analyzers' BNT030/BNT131). Tasks beside them are generated and registered as usual.
/// </summary>
public sealed class ProxyCollisionTests
{
    private const string Source = """
        using Bananas.Tasks;

        namespace Billing
        {
            public record SendInvoice(string To);

            public static class InvoiceTasks
            {
                [BananaTask]
                public static Task SendInvoice(string to) => Task.CompletedTask;

                [BananaTask(ProxyName = "Archive")]
                public static Task ArchiveInvoice(string id) => Task.CompletedTask;
            }

            public static class EmailTasks
            {
                [BananaTask(Name = "email.notify")]
                public static Task Notify(string to) => Task.CompletedTask;
            }

            public static class SmsTasks
            {
                [BananaTask(Name = "sms.notify")]
                public static Task Notify(string to) => Task.CompletedTask;

                [BananaTask]
                public static Task Fine(int value) => Task.CompletedTask;
            }
        }

        namespace Billing.Archive
        {
            public static class Marker { }
        }

        namespace Other
        {
            public static class OtherTasks
            {
                // Same proxy name as Billing's, in another namespace: no collision.
                [BananaTask(Name = "other.notify")]
                public static Task Notify(string to) => Task.CompletedTask;
            }
        }
        """;

    [Fact]
    public void CollidingTasks_GetNoOutput_OthersAreGeneratedAndTheBuildHasNoCS0101()
    {
        var (output, result, _) = TestCompiler.Run(TestCompiler.Compile("Collide", Source));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            ["BananasTasks.Registration.g.cs", "Billing.SmsTasks.Fine.g.cs", "Other.OtherTasks.Notify.g.cs"],
            result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        var registration = result.GeneratedSources.Single(s => s.HintName == "BananasTasks.Registration.g.cs").SourceText.ToString();
        Assert.Contains("global::Billing.Fine.TaskName", registration);
        Assert.Contains("global::Other.Notify.TaskName", registration);
        Assert.DoesNotContain("global::Billing.Notify", registration);
        Assert.DoesNotContain("global::Billing.SendInvoice", registration);
        Assert.DoesNotContain("global::Billing.Archive", registration);
        Assert.Empty(TestCompiler.Problems(output));
    }

    [Fact]
    public void TasksSharingATaskName_GetNoOutput_SoAddGeneratedTasksCannotThrow()
    {
        const string source = """
            using Bananas.Tasks;
            namespace Shop
            {
                public static class OrderTasks
                {
                    [BananaTask(Name = "orders.ship")]
                    public static Task Ship(string order) => Task.CompletedTask;

                    [BananaTask]
                    public static Task Pack(string order) => Task.CompletedTask;
                }
            }
            namespace Shop.Legacy
            {
                public static class OldTasks
                {
                    [BananaTask(Name = "orders.ship")]
                    public static Task Ship(int order) => Task.CompletedTask;
                }
            }
            """;
        var (output, result, _) = TestCompiler.Run(TestCompiler.Compile("SameName", source));

        Assert.Equal(
            ["BananasTasks.Registration.g.cs", "Shop.OrderTasks.Pack.g.cs"],
            result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        var registration = result.GeneratedSources.Single(s => s.HintName == "BananasTasks.Registration.g.cs").SourceText.ToString();
        Assert.Contains("global::Shop.Pack.TaskName", registration);
        Assert.DoesNotContain("Ship", registration);
        Assert.Empty(TestCompiler.Problems(output));
    }

    [Fact]
    public void ExistingType_AddedInAnotherFile_RemovesTheTask_AndRemovingItBringsTheTaskBack()
    {
        const string tasks = """
            using Bananas.Tasks;
            namespace Shop;
            public static class OrderTasks
            {
                [BananaTask]
                public static Task Ship(string order) => Task.CompletedTask;
            }
            """;
        var compilation = TestCompiler.Compile("Edit", tasks);
        var (_, first, driver) = TestCompiler.Run(compilation);
        Assert.Contains(first.GeneratedSources, s => s.HintName == "Shop.OrderTasks.Ship.g.cs");

        var clash = CSharpSyntaxTree.ParseText("namespace Shop; public sealed class Ship { }", TestCompiler.ParseOptions);
        var withClash = compilation.AddSyntaxTrees(clash);
        var (output, second, driver2) = TestCompiler.Run(withClash, driver);
        Assert.Empty(second.GeneratedSources);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id == "CS0101");

        var (_, third, _) = TestCompiler.Run(withClash.RemoveSyntaxTrees(clash), driver2);
        Assert.Contains(third.GeneratedSources, s => s.HintName == "Shop.OrderTasks.Ship.g.cs");
    }
}
