using System.Text.Json.Serialization;
using Bananas.Tasks;

[assembly: BananasJsonContext(typeof(QuickStart.QuickStartJson))]

namespace QuickStart;

public sealed record Person(string Name, string Email);
public sealed record Greeting(string Message, int Letters);

public interface IGreeter
{
    string Greet(string name, int exclamations);
}

public sealed class Greeter : IGreeter
{
    public string Greet(string name, int exclamations) => $"Hello, {name}" + new string('!', exclamations);
}

/// <summary>Task handlers: an instance class resolved from DI per job, and a static one.</summary>
public sealed class GreetingTasks(IGreeter greeter)
{
    [BananaTask(Priority = Priority.High, MaxRetries = 2)]
    public async Task<Greeting> Greet(string name, int exclamations, CancellationToken cancellationToken)
    {
        await Task.Delay(20, cancellationToken);
        var message = greeter.Greet(name, exclamations);
        Console.WriteLine($"  worker: greet({name}) ran");
        return new Greeting(message, name.Length);
    }
}

public static class WelcomeTasks
{
    [BananaTask(Route = "default", Description = "Welcome e-mail for a new user")]
    public static Task SendWelcome(Person person, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  worker: welcome mail to {person.Name} <{person.Email}>");
        return Task.CompletedTask;
    }
}

[JsonSerializable(typeof(Person))]
[JsonSerializable(typeof(Greeting))]
internal sealed partial class QuickStartJson : JsonSerializerContext;
