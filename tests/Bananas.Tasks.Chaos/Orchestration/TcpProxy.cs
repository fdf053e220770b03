using System.Net;
using System.Net.Sockets;

namespace Bananas.Tasks.Chaos.Orchestration;

/// <summary>
/// A small TCP proxy on a free loopback port in front of redis-server, for the worker↔Redis partition
/// (reliability-plan.md §5.5 N1 without netns). <see cref="Cut"/> makes a <b>silent</b> partition: connections stay
/// open, nothing is forwarded either way (bytes wait in the proxy, as in a link-down), new connections are accepted
/// but not forwarded. <see cref="Heal"/> resumes forwarding, delivering what waited, so a stale ack sent during the
/// partition reaches Redis afterwards: exactly what fencing must refuse.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = NewOpen(true);
    private readonly Task _accept;

    public TcpProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public bool IsCut { get; private set; }

    public void Cut()
    {
        lock (_gate)
        {
            if (IsCut) return;
            IsCut = true;
            _open = NewOpen(false);
        }
    }

    public void Heal()
    {
        lock (_gate)
        {
            if (!IsCut) return;
            IsCut = false;
            _open.TrySetResult();
        }
    }

    private static TaskCompletionSource NewOpen(bool open)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) tcs.TrySetResult();
        return tcs;
    }

    private Task WhenOpen()
    {
        lock (_gate) return _open.Task;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (_sockets)
        {
            _sockets.Add(client);
            _sockets.Add(upstream);
        }
        try
        {
            await WhenOpen().WaitAsync(_stop.Token);
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception)
        {
            // a side closed or the proxy stopped
        }
        finally
        {
            Close(client);
            Close(upstream);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        while (!_stop.IsCancellationRequested)
        {
            await WhenOpen().WaitAsync(_stop.Token);
            var n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (n == 0) return;
            await WhenOpen().WaitAsync(_stop.Token); // a cut while this chunk was in flight holds it until the heal
            var sent = 0;
            while (sent < n) sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, _stop.Token);
        }
    }

    private void Close(Socket s)
    {
        lock (_sockets) _sockets.Remove(s);
        try
        {
            s.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var s in _sockets) s.Dispose();
            _sockets.Clear();
        }
        try
        {
            await _accept;
        }
        catch (Exception)
        {
            // stopping
        }
        _stop.Dispose();
    }
}
