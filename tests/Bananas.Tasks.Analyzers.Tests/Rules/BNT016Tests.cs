using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.SensitiveParameterAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT016: [Sensitive] where nothing records it.</summary>
public class BNT016Tests
{
    [Fact]
    public Task SensitiveOutsideATaskOrOnAnInjectedParameter_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Mail
        {
            public static Task Send(string to, [{|#0:Sensitive|}] string apiKey) => Task.CompletedTask;

            [BananaTask]
            public static Task Notify(string to, [{|#1:Sensitive|}] CancellationToken ct) => Task.CompletedTask;

            [BananaTask]
            public static Task Audit(string who, [{|#2:Sensitive|}] TaskContext context) => Task.CompletedTask;
        }

        public sealed class Client
        {
            public Client([{|#3:Sensitive|}] string password) { }
        }
        """,
        V.Diagnostic("BNT016").WithLocation(0).WithArguments("apiKey", "Mail.Send", "'Send' is not a [BananaTask] method"),
        V.Diagnostic("BNT016").WithLocation(1).WithArguments("ct", "Mail.Notify", "the worker supplies this CancellationToken: it is not in the payload"),
        V.Diagnostic("BNT016").WithLocation(2).WithArguments("context", "Mail.Audit", "the worker supplies this TaskContext: it is not in the payload"),
        V.Diagnostic("BNT016").WithLocation(3).WithArguments("password", "Client..ctor", "'.ctor' is not a [BananaTask] method"));

    [Fact]
    public Task SensitivePayloadParametersOfTasks_AreClean() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public sealed record Card(string Number);

        public sealed class Billing
        {
            [BananaTask(Route = "billing")]
            public Task Charge([Sensitive] Card card, int cents, [Sensitive] string? token = null, CancellationToken ct = default) => Task.CompletedTask;

            [BananaTask]
            public static Task<int> Count([Sensitive] string secret) => Task.FromResult(secret.Length);
        }
        """);
}
