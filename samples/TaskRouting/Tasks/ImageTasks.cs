using Bananas.Tasks;

namespace TaskRouting.Tasks;

/// <summary>GPU-heavy work: routed to <c>gpu</c>, high priority. Resolved from DI per job.</summary>
public sealed class ImageTasks(WorkerIdentity worker)
{
    [BananaTask(Route = "gpu", Priority = Priority.High, MaxRetries = 5, TimeoutSeconds = 300, Description = "Render a thumbnail on a GPU machine")]
    public async Task<Thumbnail> ProcessImage(string url, int width, CancellationToken cancellationToken)
    {
        worker.Say($"process_image  url={url} width={width}");
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken); // stands in for the GPU work
        return new Thumbnail($"{url}?w={width}", width, width * 3 / 4, worker.Name);
    }
}
