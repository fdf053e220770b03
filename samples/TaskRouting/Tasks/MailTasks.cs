using Bananas.Tasks;

namespace TaskRouting.Tasks;

/// <summary>E-mail: routed to <c>email</c>. The task name is set explicitly, as a Go producer would use it.</summary>
public sealed class MailTasks(WorkerIdentity worker)
{
    [BananaTask(Route = "email", Name = "send_email")]
    public async Task SendEmail(EmailMessage message, CancellationToken cancellationToken)
    {
        worker.Say($"send_email     to={message.To} subject=\"{message.Subject}\"");
        await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
    }
}
