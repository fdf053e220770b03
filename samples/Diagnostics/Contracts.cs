using Bananas.Tasks;

// BNT028, BNT140-BNT145: [BananaArgument] and the payload contract in BananaTasks.Shipped.txt / BananaTasks.Unshipped.txt (AdditionalFiles of
// this project). With the files present every other task of the sample is in neither file, so each also reports
// the warning BNT144.
namespace Diagnostics.Contracts;

public static class ContractTasks
{
    // BNT141: shipped 'url' is read by no parameter (renamed without [BananaArgument("url")]);
    // BNT143: 'source' is required and queued jobs do not carry it.
    [BananaTask(Name = "contract.resize")]
    public static Task Resize(string source, int width) => Task.CompletedTask;

    // BNT142: 'width' shipped as int; a queued int does not decode as a string.
    [BananaTask(Name = "contract.crop")]
    public static Task Crop(string url, string width) => Task.CompletedTask;

    // BNT143: 'quality' was added as a required parameter.
    [BananaTask(Name = "contract.encode")]
    public static Task Encode(string url, int quality) => Task.CompletedTask;

    // Fine: the renamed parameter keeps its old name, the new one has a default, int -> long is a widening.
    [BananaTask(Name = "contract.thumbnail")]
    public static Task Thumbnail([BananaArgument("url")] string source, long width, int quality = 80) => Task.CompletedTask;

    // BNT144 (warning): in neither file.
    [BananaTask(Name = "contract.new_task")]
    public static Task NewTask(string url) => Task.CompletedTask;
}

public static class OldNames
{
    // BNT028 (warning): "width" is another payload parameter's own name, so the decoder never reads it into 'size'.
    [BananaTask(Name = "contract.scale")]
    public static Task Scale(int width, [BananaArgument("width")] int size) => Task.CompletedTask;
}
