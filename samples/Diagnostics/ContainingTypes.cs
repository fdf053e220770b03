using Bananas.Tasks;

namespace Diagnostics.ContainingTypes;

// BNT020: a task in an open generic type.
public class GenericHolder<T>
{
    [BananaTask]
    public static Task InGeneric(string id) => Task.CompletedTask;
}

public class Outer
{
    // BNT021: a task in a private nested type.
    private static class Hidden
    {
        [BananaTask]
        public static Task InPrivateType(string id) => Task.CompletedTask;
    }

    public static Task UseHidden() => Hidden.InPrivateType("x");
}

// BNT022: an instance task on an abstract type, which DI cannot create.
public abstract class AbstractHandler
{
    [BananaTask]
    public Task OnAbstract(string id) => Task.CompletedTask;
}
