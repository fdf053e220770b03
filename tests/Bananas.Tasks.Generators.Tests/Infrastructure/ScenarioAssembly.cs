using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Tests.Infrastructure;

/// <summary>
/// User code compiled with the generator in memory and loaded into a collectible <see cref="AssemblyLoadContext"/>.
/// Its dependencies (Bananas.Tasks, Microsoft.Extensions.*) resolve to this process's copies, so the test and the
/// loaded code share one set of runtime types.
/// </summary>
internal sealed class ScenarioAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private ScenarioAssembly(AssemblyLoadContext context, Assembly assembly, Compilation output)
    {
        _context = context;
        Assembly = assembly;
        Output = output;
    }

    public Assembly Assembly { get; }

    /// <summary>The compilation including the generated files.</summary>
    public Compilation Output { get; }

    public static ScenarioAssembly Build(string name, params string[] sources)
    {
        var (output, _, _) = TestCompiler.Run(TestCompiler.Compile(name, sources));
        var bytes = TestCompiler.Emit(output);
        var context = new AssemblyLoadContext(name + "-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        var assembly = context.LoadFromStream(new MemoryStream(bytes));
        return new ScenarioAssembly(context, assembly, output);
    }

    public Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>Calls a static method (public or internal) and returns its result; unwraps TargetInvocationException.</summary>
    public object? Call(string typeName, string methodName, params object?[] args) => Invoke(Type(typeName), methodName, args);

    /// <summary>Calls a static method and awaits the Task&lt;T&gt; it returns.</summary>
    public async Task<T> CallAsync<T>(string typeName, string methodName, params object?[] args)
    {
        var task = (Task<T>)Call(typeName, methodName, args)!;
        return await task;
    }

    public static object? Invoke(Type type, string methodName, object?[] args)
    {
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == methodName && m.GetParameters().Length == args.Length);
        try
        {
            return method.Invoke(null, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    public void Dispose() => _context.Unload();
}
