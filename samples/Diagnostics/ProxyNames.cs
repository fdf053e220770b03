using Bananas.Tasks;

namespace Diagnostics.ProxyNames
{
    // BNT030: the proxy of task SendInvoice would be a type named SendInvoice, which already exists here.
    public record SendInvoice(string To);

    public static class InvoiceTasks
    {
        [BananaTask]
        public static Task SendInvoice(string to) => Task.CompletedTask;
    }

    // BNT131: two tasks in one namespace would both generate a proxy named Notify.
    public static class EmailTasks
    {
        [BananaTask(Name = "email.notify")]
        public static Task Notify(string to) => Task.CompletedTask;
    }

    public static class SmsTasks
    {
        [BananaTask(Name = "sms.notify")]
        public static Task Notify(string to) => Task.CompletedTask;
    }
}
