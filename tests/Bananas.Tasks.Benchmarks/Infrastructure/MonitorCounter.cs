using System.Net.Sockets;
using System.Text;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// Counts the commands clients send, through a raw <c>MONITOR</c> connection: each top-level command once (a script call
/// is one command; the commands a script runs show as <c>lua</c> and are counted apart). Commands from the addresses
/// in the exclusion set (the harness's own connections) are ignored.
/// </summary>
internal sealed class MonitorCounter : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly HashSet<string> _excluded;
    private readonly Task _reader;
    private readonly Dictionary<string, long> _sent = new(StringComparer.OrdinalIgnoreCase);
    private long _inScripts;
    private int _disposed;

    private MonitorCounter(TcpClient client, HashSet<string> excluded)
    {
        _client = client;
        _excluded = excluded;
        _reader = Task.Run(ReadAsync);
    }

    public static async Task<MonitorCounter> StartAsync(string host, int port, IEnumerable<string> excludedAddresses)
    {
        var client = new TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        await stream.WriteAsync("*1\r\n$7\r\nMONITOR\r\n"u8.ToArray());
        return new MonitorCounter(client, new HashSet<string>(excludedAddresses, StringComparer.Ordinal));
    }

    /// <summary>Top-level commands seen, by command name (lower case).</summary>
    public Dictionary<string, long> Sent
    {
        get { lock (_sent) return new Dictionary<string, long>(_sent); }
    }

    /// <summary>Commands run inside scripts.</summary>
    public long InScripts => Interlocked.Read(ref _inScripts);

    private async Task ReadAsync()
    {
        using var reader = new StreamReader(_client.GetStream(), Encoding.UTF8);
        string? line;
        try
        {
            while ((line = await reader.ReadLineAsync()) is not null) Count(line);
        }
        catch (IOException) when (!_client.Connected)
        {
            // DisposeAsync closed the socket: the count is final.
        }
        catch (ObjectDisposedException)
        {
            // DisposeAsync closed the socket: the count is final.
        }
    }

    private void Count(string line)
    {
        // +1732630000.123456 [0 127.0.0.1:51890] "EVALSHA" "…"   or   [0 lua] "RPOP" "…"
        if (!line.StartsWith('+') || line == "+OK") return;
        var open = line.IndexOf('[');
        var close = line.IndexOf(']', open + 1);
        if (open < 0 || close < 0) return;
        var source = line[(open + 1)..close];
        var space = source.IndexOf(' ');
        var address = space >= 0 ? source[(space + 1)..] : source;
        if (address == "lua")
        {
            Interlocked.Increment(ref _inScripts);
            return;
        }
        if (_excluded.Contains(address)) return;
        var quote = line.IndexOf('"', close);
        var end = quote >= 0 ? line.IndexOf('"', quote + 1) : -1;
        var command = quote >= 0 && end > quote ? line[(quote + 1)..end].ToLowerInvariant() : "?";
        lock (_sent) _sent[command] = _sent.GetValueOrDefault(command) + 1;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _client.Close();
        await _reader;
        _client.Dispose();
    }
}
