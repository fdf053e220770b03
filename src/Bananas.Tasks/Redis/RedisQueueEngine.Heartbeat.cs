using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine : ISynchronousLeaseRenewal
{
    /// <inheritdoc/>
    /// <remarks>A synchronous StackExchange.Redis call: the multiplexer's reader completes it, no thread-pool thread is needed.</remarks>
    public IReadOnlyList<JobId> RenewLeases(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0) return [];
        var (keys, args) = RenewArguments(leases, leaseDuration);
        var reply = (RedisResult[])RedisScripts.Renew.Evaluate(Db, keys, args)!;
        return LostLeases(leases, reply);
    }

    private (RedisKey[] Keys, RedisValue[] Args) RenewArguments(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration)
    {
        var keys = new RedisKey[1 + leases.Count];
        var args = new RedisValue[1 + 2 * leases.Count];
        keys[0] = _keys.Leases;
        args[0] = LeaseDeadline(Now, leaseDuration);
        for (int i = 0; i < leases.Count; i++)
        {
            keys[1 + i] = _keys.Job(leases[i].Id);
            args[1 + 2 * i] = leases[i].Id.Value;
            args[2 + 2 * i] = leases[i].LeaseToken ?? "";
        }
        return (keys, args);
    }

    private static List<JobId> LostLeases(IReadOnlyList<LeaseRef> leases, RedisResult[] reply) =>
        reply.Select(r => leases[(int)(long)r - 1].Id).ToList();
}
