using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Redis going away mid-run: a private redis-server (AOF, fsync always) is killed and restarted on the same port
/// under a live engine. While it is down calls throw connection errors (never swallowed, never half-applied);
/// once it is back the same multiplexer reconnects and the queued and leased jobs carry on.
/// </summary>
public sealed class RedisQueueEngineRestartTests
{
    [Fact]
    public async Task The_engine_throws_while_redis_is_down_and_resumes_when_it_is_back()
    {
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("bananas-redis-restart-");
        Process? redis = await StartRedisAsync(port, dir.FullName);
        try
        {
            var configuration = RedisConnectionString.Parse($"redis://127.0.0.1:{port}");
            configuration.ConnectTimeout = 1000;
            configuration.AsyncTimeout = 2000;
            configuration.ReconnectRetryPolicy = new LinearRetry(100);
            await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
            await using var engine = new RedisQueueEngine(connection, new QueueEngineOptions { TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)) });
            var jobs = Enumerable.Range(0, 10).Select(_ => new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" }).ToList();
            await engine.EnqueueManyAsync(jobs);
            var request = new FetchRequest([new RouteDemand(RoutingKey.Default, 100)], 3, TimeSpan.FromMinutes(5), "w");
            var leased = await engine.FetchAsync(request);
            Assert.Equal(jobs.Take(3).Select(j => j.Id), leased.Select(f => f.Id));

            Stop(redis);
            redis = null;
            var error = await FirstFailureAsync(() => engine.FetchAsync(request));
            Assert.True(error is RedisConnectionException or RedisTimeoutException, error.ToString());

            redis = await StartRedisAsync(port, dir.FullName);
            var resumed = await FirstSuccessAsync(() => engine.FetchAsync(request with { MaxJobs = 100 }));

            Assert.Equal(jobs.Skip(3).Select(j => j.Id), resumed.Select(f => f.Id));
            var acks = await engine.AckAsync(leased.Concat(resumed).Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList());
            Assert.All(acks, Assert.True);
            Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Processing);
        }
        finally
        {
            if (redis is not null) Stop(redis);
            dir.Delete(recursive: true);
        }
    }

    private static async Task<Exception> FirstFailureAsync(Func<Task> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await call();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return ex;
            }
            Assert.True(DateTime.UtcNow < deadline, "engine calls kept succeeding after redis-server was killed");
            await Task.Delay(50);
        }
    }

    private static async Task<T> FirstSuccessAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when ((ex is RedisException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<Process> StartRedisAsync(int port, string dir)
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0).Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("This test starts and kills its own Redis: redis-server must be on PATH (apt-get install -y redis-server; .ci/run installs it).");
        var process = Process.Start(new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--loglevel", "warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            Assert.False(process.HasExited, $"redis-server exited at start with code {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
