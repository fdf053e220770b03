using Bananas.Tasks;

namespace TaskRouting.Tasks;

/// <summary>Everything else: the <c>default</c> route, normal priority.</summary>
public sealed class ReportTasks(WorkerIdentity worker)
{
    [BananaTask]
    public async Task<string> GenerateReport(string reportId, int pages = 1, CancellationToken cancellationToken = default)
    {
        worker.Say($"generate_report id={reportId} pages={pages}");
        await Task.Delay(TimeSpan.FromMilliseconds(20 * pages), cancellationToken);
        return $"{reportId}.pdf ({pages} pages, by {worker.Name})";
    }
}
