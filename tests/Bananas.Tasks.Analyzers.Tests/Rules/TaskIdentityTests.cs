using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.TaskIdentityAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT130 duplicate task name, BNT131 duplicate proxy type; both reported at every task involved.</summary>
public class TaskIdentityTests
{
    [Fact]
    public Task BNT130_TwoMethodsOneTaskName_AreBothFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace A { public static class Images { [BananaTask] public static Task {|#0:ProcessImage|}(string url) => Task.CompletedTask; } }
        namespace B { public static class Media { [BananaTask] public static Task {|#1:ProcessImageAsync|}(string url) => Task.CompletedTask; } }
        namespace C { public static class Other { [BananaTask(Name = "process_image")] public static Task {|#2:Handle|}() => Task.CompletedTask; } }
        """,
        V.Diagnostic("BNT130").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("process_image", "Images.ProcessImage, Media.ProcessImageAsync, Other.Handle"),
        V.Diagnostic("BNT130").WithLocation(1).WithLocation(0).WithLocation(2).WithArguments("process_image", "Images.ProcessImage, Media.ProcessImageAsync, Other.Handle"),
        V.Diagnostic("BNT130").WithLocation(2).WithLocation(0).WithLocation(1).WithArguments("process_image", "Images.ProcessImage, Media.ProcessImageAsync, Other.Handle"));

    [Fact]
    public Task BNT130_DistinctNames_AreClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace A { public static class Images { [BananaTask] public static Task ProcessImage(string url) => Task.CompletedTask; } }
        namespace B { public static class Media { [BananaTask(Name = "media.process_image")] public static Task ProcessImage(string url) => Task.CompletedTask; } }
        """);

    [Fact]
    public Task BNT131_SameProxyInOneNamespace_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace Shop
        {
            public static class Email { [BananaTask(Name = "email.send")] public static Task {|#0:Send|}(string to) => Task.CompletedTask; }
            public static class Sms { [BananaTask(Name = "sms.send")] public static Task {|#1:Send|}(string to) => Task.CompletedTask; }
        }
        """,
        V.Diagnostic("BNT131").WithLocation(0).WithLocation(1).WithArguments("Send", "Shop", "Email.Send, Sms.Send"),
        V.Diagnostic("BNT131").WithLocation(1).WithLocation(0).WithArguments("Send", "Shop", "Email.Send, Sms.Send"));

    [Fact]
    public Task BNT131_SameProxyInDifferentNamespaces_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace Shop.Email { public static class Jobs { [BananaTask(Name = "email.send")] public static Task Send(string to) => Task.CompletedTask; } }
        namespace Shop.Sms { public static class Jobs { [BananaTask(Name = "sms.send")] public static Task Send(string to) => Task.CompletedTask; } }
        """);
}
