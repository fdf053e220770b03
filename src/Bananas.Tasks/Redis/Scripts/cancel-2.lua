-- Cancels a job: pending or scheduled → removed from its queue and failed ('cancelled before it ran');
-- processing → its id is published on the cancel channel so the worker running it fires its CancellationToken.
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH   KEYS[2] {prefix}:queue:scheduled   ZSET
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] now, RFC 3339 UTC   ARGV[4] result TTL, ms
-- Key built here from ARGV[1] (documented exception in docs/wire-format.md): a pending job's queue
-- {prefix}:route:{route}:queue:{priority} from the routing_key and priority of its hash (job_queue in _common.lua).
-- Also built here: {prefix}:queue:failed, the bounded recently failed index (note_finished in _common.lua).
-- Output: 'notfound' | 'cancelled' | 'signalled' | 'finished'.
--   Error replies for a pending job, before any write (nothing changed): 'MALFORMED <why>' when the hash's
--   routing_key or priority cannot name a queue; 'WRONGTYPE <why>' when the queue key holds something other than a list.
-- The cancelled job's hash holds its outcome (status failed, error_type JobCancelled, duration_ms 0) and gets the result
-- TTL. Publishes 'ready' on {prefix}:result:notify:{id} when cancelled and a waiter marked the job, the id on
-- {prefix}:cancel when signalled.
local prefix, id, now_iso, ttl_ms = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', KEYS[1]) == 0 then return 'notfound' end
local fields = redis.call('HMGET', KEYS[1], 'status', 'routing_key', 'priority', 'notify_result', 'unique_lock', 'unique_scope')
local status = fields[1]
if status == 'processing' then
  notify(prefix .. ':cancel', id)
  return 'signalled'
end
-- first write: LREM or ZREM (a wrong-type ZSET fails there, before anything else is written)
if status == 'pending' then
  local queue, code, why = job_queue(prefix, id, fields[2] or 'default', fields[3])
  if queue == nil then return refuse(code, why) end
  redis.call('LREM', queue, 1, id)
elseif status == 'scheduled' then
  redis.call('ZREM', KEYS[2], id)
else
  return 'finished'
end
local err = 'cancelled before it ran'
redis.call('HSET', KEYS[1], 'status', 'failed', 'error', err, 'error_type', 'JobCancelled', 'completed_at', now_iso, 'updated_at', now_iso, 'duration_ms', '0')
redis.call('PEXPIRE', KEYS[1], ttl_ms)
release_unique(prefix, id, fields[5], fields[6])
notify_result(prefix, id, fields[4])
note_finished(prefix, 'failed', { id }, now_iso, ttl_ms) -- admin: recently failed index (bounded)
return 'cancelled'
