using Bananas.Tasks;

// BNT130: both methods are the task "process_image"; reported at both.
namespace Diagnostics.Duplicates.Images
{
    public static class ImageTasks
    {
        [BananaTask]
        public static Task ProcessImage(string url) => Task.CompletedTask;
    }
}

namespace Diagnostics.Duplicates.Media
{
    public static class MediaTasks
    {
        [BananaTask]
        public static Task ProcessImageAsync(string url) => Task.CompletedTask;
    }
}
