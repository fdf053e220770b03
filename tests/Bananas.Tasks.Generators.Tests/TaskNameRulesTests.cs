namespace Bananas.Tasks.Generators.Tests;

/// <summary>The task-name convention the generator applies (BananasRules is linked into the generator).</summary>
public class TaskNameRulesTests
{
    [Theory]
    [InlineData("ProcessImage", "process_image")]
    [InlineData("SendEmail", "send_email")]
    [InlineData("SendHTMLMail", "send_html_mail")]
    [InlineData("ProcessImageAsync", "process_image")]
    [InlineData("Async", "async")]
    [InlineData("Resize2X", "resize2_x")]
    [InlineData("run", "run")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("IOBound", "io_bound")]
    public void Method_names_become_snake_case_task_names(string method, string expected) =>
        Assert.Equal(expected, BananasRules.ToTaskName(method));
}
