-- Records a snooze (the handler threw Snooze): the job is scheduled again at ARGV[4] without counting the attempt.
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH   KEYS[2] {prefix}:queue:leases   ZSET   KEYS[3] {prefix}:queue:scheduled   ZSET
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] lease token   ARGV[4] due, Unix seconds   ARGV[5] due, RFC 3339 UTC
--   ARGV[6] now, RFC 3339 UTC
-- Output: 1 = snoozed, 0 = the lease was lost (or the job key is not a hash): nothing changed;
--   error reply 'WRONGTYPE …; nothing was changed' when KEYS[3] holds another type (checked before the first write).
-- Writes: the lease removed; status 'scheduled', scheduled_for, attempts less one (the fetch counted it; never below 0),
-- snoozes plus one (absent = 0), updated_at; worker_id and lease_token deleted; error, error_type and error_history are
-- left as they were. The id goes into KEYS[3] with score ARGV[4] (a due time at or before now too: the next promotion
-- queues it, as for a retry). Publishes 'snooze' on {prefix}:queue:scheduled:notify.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, id = ARGV[1], ARGV[2]
if not holds_lease(KEYS[2], KEYS[1], id, ARGV[3]) then return 0 end
-- Type check before the first write: a failing ZADD after ZREM and HSET would leave the job with no lease, in no queue.
local wrong = wrong_type(KEYS[3], 'zset')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
local fields = redis.call('HMGET', KEYS[1], 'attempts', 'snoozes', 'conc_key')
local attempts = to_int(fields[1]) or 1
if attempts < 1 then attempts = 1 end
local snoozes = to_int(fields[2]) or 0
if snoozes < 0 then snoozes = 0 end
if snoozes < 2147483647 then snoozes = snoozes + 1 end
-- first write: every key below was read above (type checked)
redis.call('ZREM', KEYS[2], id)
redis.call('HSET', KEYS[1], 'status', 'scheduled', 'scheduled_for', ARGV[5], 'attempts', tostring(attempts - 1),
  'snoozes', string.format('%d', snoozes), 'updated_at', ARGV[6])
redis.call('HDEL', KEYS[1], 'worker_id', 'lease_token')
redis.call('ZADD', KEYS[3], ARGV[4], id)
release_gates(prefix, id, fields[3], nil, nil, 'retry', ARGV[6]) -- its concurrency slot goes to a waiting job
notify(prefix .. ':queue:scheduled:notify', 'snooze')
return 1
