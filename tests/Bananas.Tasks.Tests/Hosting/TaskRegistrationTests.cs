using Bananas.Tasks.Hosting;
using Bananas.Tasks.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Tests.Hosting;

public class TaskRegistrationTests
{
    private static ValueTask<string?> Handler(TaskContext context) => ValueTask.FromResult<string?>(null);
    private static ValueTask<string?> OtherHandler(TaskContext context) => ValueTask.FromResult<string?>("1");

    [Fact]
    public void Registering_the_same_handler_twice_is_harmless()
    {
        var services = new ServiceCollection();
        var builder = services.AddBananas();
        builder.AddTask("resize", new TaskInvoker(Handler));
        builder.AddTask("resize", new TaskInvoker(Handler));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["resize"], provider.GetRequiredService<TaskRegistry>().Names);
    }

    [Fact]
    public void Registering_another_handler_under_a_taken_name_fails_at_once_naming_it()
    {
        var builder = new ServiceCollection().AddBananas();
        builder.AddTask("resize", new TaskInvoker(Handler));
        var ex = Assert.Throws<ArgumentException>(() => builder.AddTask("resize", new TaskInvoker(OtherHandler)));
        Assert.Contains("Task 'resize' is already registered with another handler", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    public void Invalid_task_names_are_refused(string name)
    {
        var builder = new ServiceCollection().AddBananas();
        Assert.Throws<ArgumentException>(() => builder.AddTask(name, new TaskInvoker(Handler)));
    }
}
