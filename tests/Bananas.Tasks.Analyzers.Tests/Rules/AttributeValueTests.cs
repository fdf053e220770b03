using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.TaskAttributeValueAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT003 priority, BNT004 retries, BNT005 timeout, BNT006 task name, BNT007 proxy name, BNT008 retention.</summary>
public class AttributeValueTests
{
    [Fact]
    public Task BNT007_MethodNamedLikeAKeyword_IsFlagged_AtTheMethod() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            // No ProxyName: the proxy would be named after the method, and 'event' cannot name a type.
            [BananaTask] public static Task {|#0:@event|}() => Task.CompletedTask;
            [BananaTask(ProxyName = "Happening")] public static Task @operator() => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT007").WithLocation(0).WithArguments("event"));

    [Fact]
    public Task BNT003_PriorityOutOfRange_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Priority = {|#0:(Priority)7|})]
            public static Task A() => Task.CompletedTask;

            [BananaTask(Priority = {|#1:0|})]
            public static Task B() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT003").WithLocation(0).WithArguments("7"),
        V.Diagnostic("BNT003").WithLocation(1).WithArguments("0"));

    [Fact]
    public Task BNT003_NamedPriorities_AreClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Priority = Priority.High)] public static Task A() => Task.CompletedTask;
            [BananaTask(Priority = Priority.Low)] public static Task B() => Task.CompletedTask;
            [BananaTask(Priority = (Priority)2)] public static Task C() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT004_RetriesBelowMinusOne_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(MaxRetries = {|#0:-2|})]
            public static Task A() => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT004").WithLocation(0).WithArguments("-2"));

    [Fact]
    public Task BNT004_DefaultSentinelAndZero_AreClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(MaxRetries = -1)] public static Task A() => Task.CompletedTask;
            [BananaTask(MaxRetries = 0)] public static Task B() => Task.CompletedTask;
            [BananaTask(MaxRetries = 25)] public static Task C() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT005_NegativeTimeout_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(TimeoutSeconds = {|#0:-30|})]
            public static Task A() => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT005").WithLocation(0).WithArguments("-30"));

    [Fact]
    public Task BNT005_ZeroOrPositiveTimeout_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(TimeoutSeconds = 0)] public static Task A() => Task.CompletedTask;
            [BananaTask(TimeoutSeconds = 90)] public static Task B() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT008_RetentionBelowMinusOne_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(KeepCompletedSeconds = {|#0:-60|})]
            public static Task A() => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT008").WithLocation(0).WithArguments("-60"));

    [Fact]
    public Task BNT008_DefaultZeroOrPositiveRetention_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(KeepCompletedSeconds = -1)] public static Task A() => Task.CompletedTask;
            [BananaTask(KeepCompletedSeconds = 0)] public static Task B() => Task.CompletedTask;
            [BananaTask(KeepCompletedSeconds = 3600)] public static Task<int> C() => Task.FromResult(1);
        }
        """);

    [Fact]
    public Task BNT006_InvalidTaskName_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Name = {|#0:"process image"|})]
            public static Task A() => Task.CompletedTask;

            [BananaTask(Name = {|#1:""|})]
            public static Task B() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT006").WithLocation(0).WithArguments("task name 'process image' has whitespace or a control character at position 7"),
        V.Diagnostic("BNT006").WithLocation(1).WithArguments("task name is empty"));

    [Fact]
    public Task BNT006_ValidTaskName_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Name = "images.process_v2")] public static Task A() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT007_ProxyNameNotIdentifier_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(ProxyName = {|#0:"2Fast"|})] public static Task A() => Task.CompletedTask;
            [BananaTask(ProxyName = {|#1:"class"|})] public static Task B() => Task.CompletedTask;
            [BananaTask(ProxyName = {|#2:"My.Proxy"|})] public static Task C() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT007").WithLocation(0).WithArguments("2Fast"),
        V.Diagnostic("BNT007").WithLocation(1).WithArguments("class"),
        V.Diagnostic("BNT007").WithLocation(2).WithArguments("My.Proxy"));

    [Fact]
    public Task BNT007_IdentifierProxyName_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(ProxyName = "ResizeImageTask")] public static Task A() => Task.CompletedTask;
        }
        """);
}
