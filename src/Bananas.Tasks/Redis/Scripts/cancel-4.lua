-- Cancels a job: pending or scheduled → removed from its queue and failed ('cancelled before it ran');
-- processing → its id is published on the cancel channel so the worker running it fires its CancellationToken.
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH   KEYS[2] {prefix}:queue:scheduled   ZSET   KEYS[3] {prefix}:result:{id}   HASH
--   KEYS[4] {prefix}:route:{route}:queue:{priority}   LIST  the job's own queue; absent when the caller could not
--           read a valid route and priority from the hash
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] now, RFC 3339 UTC   ARGV[4] result TTL, ms
-- Output: 'notfound' | 'cancelled' | 'signalled' | 'finished' | 'unplaceable' (pending, but KEYS[4] is absent).
-- The cancelled job's hash gets the result TTL. Publishes 'ready' on {prefix}:result:notify:{id} when cancelled,
-- the id on {prefix}:cancel when signalled.
local prefix, id, now_iso, ttl_ms = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local status = redis.call('HGET', KEYS[1], 'status')
if redis.call('EXISTS', KEYS[1]) == 0 then return 'notfound' end
if status == 'processing' then
  redis.call('PUBLISH', prefix .. ':cancel', id)
  return 'signalled'
end
if status == 'pending' then
  if KEYS[4] == nil then return 'unplaceable' end
  redis.call('LREM', KEYS[4], 1, id)
elseif status == 'scheduled' then
  redis.call('ZREM', KEYS[2], id)
else
  return 'finished'
end
local err = 'cancelled before it ran'
redis.call('HSET', KEYS[1], 'status', 'failed', 'error', err, 'error_type', 'JobCancelled', 'completed_at', now_iso, 'updated_at', now_iso)
redis.call('PEXPIRE', KEYS[1], ttl_ms)
write_result(prefix, KEYS[3], id, ttl_ms, { 'status', 'failed', 'completed_at', now_iso, 'duration_ms', '0', 'error', err, 'error_type', 'JobCancelled' })
return 'cancelled'
