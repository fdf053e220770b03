using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The engine runs its scripts by a SHA1 it computes itself: it must be the digest Redis gives the same text.</summary>
public sealed class RedisScriptDigestTests
{
    [Fact]
    public async Task Each_script_digest_is_the_one_redis_computes()
    {
        var server = await RedisServer.GetAsync();
        RedisScript[] scripts =
        [
            RedisScripts.Enqueue, RedisScripts.Fetch, RedisScripts.Ack, RedisScripts.Fail, RedisScripts.Snooze, RedisScripts.Renew, RedisScripts.Release, RedisScripts.Progress,
            RedisScripts.Promote, RedisScripts.Recover, RedisScripts.Maintain, RedisScripts.Cancel, RedisScripts.WaitMark, RedisScripts.RequeueDead, RedisScripts.DeleteDead,
            RedisScripts.CronLoad, RedisScripts.CronAdvance,
            RedisScripts.ListPage, RedisScripts.DeadBatch, RedisScripts.Overview, RedisScripts.Pause, RedisScripts.WorkerBeat,
            RedisScripts.WorkflowStart, RedisScripts.WorkflowCancel, RedisScripts.ClusterProbe,
        ];
        Assert.Equal(RedisScripts.All.Order(StringComparer.Ordinal), scripts.Select(s => s.File).Order(StringComparer.Ordinal));
        foreach (var script in scripts)
        {
            var loaded = await server.Connection.GetServers()[0].ScriptLoadAsync(script.Text);
            Assert.Equal(Convert.ToHexString(loaded), Convert.ToHexString(script.Sha1));
        }
    }
}
