-- Takes back jobs whose lease expired (their worker stopped renewing): to the FRONT of their own queue, or to the
-- dead list when that execution was their last allowed one (attempts > max_retries).
-- Input:
--   KEYS[1] {prefix}:queue:leases   ZSET  score = lease deadline, Unix ms (engine clock)
--   KEYS[2] {prefix}:queue:dead     LIST
--   ARGV[1] prefix   ARGV[2] now, Unix ms   ARGV[3] now, RFC 3339 UTC   ARGV[4] most jobs   ARGV[5] result TTL, ms
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): {prefix}:job:{id},
-- {prefix}:result:{id} and the job's queue {prefix}:route:{route}:queue:{priority} read from its hash.
-- Output: how many jobs were recovered (queued again or dead-lettered); a lease whose hash is gone is dropped.
-- Atomic, so concurrent callers in many processes never recover a job twice.
local prefix, now_iso, ttl_ms = ARGV[1], ARGV[3], ARGV[5]
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
local count = 0
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[1], id)
  local job = job_key(prefix, id)
  if redis.call('EXISTS', job) == 1 then
    local worker = redis.call('HGET', job, 'worker_id') or ''
    local attempts_text = redis.call('HGET', job, 'attempts')
    local attempts = to_int(attempts_text)
    local max_retries = to_int(redis.call('HGET', job, 'max_retries'))
    local route = (redis.call('HGET', job, 'routing_key') or 'default')
    local priority = redis.call('HGET', job, 'priority')
    local err = 'lease expired: worker \'' .. worker .. '\' stopped renewing it during attempt ' .. tostring(attempts_text)
    local problem = placement_error(prefix, id, route, priority)
    if problem ~= nil then
      dead_letter(prefix, job, KEYS[2], result_key(prefix, id), id, err .. '; ' .. problem, 'LeaseExpired', now_iso, '0', ttl_ms)
    elseif attempts == nil or max_retries == nil or attempts > max_retries then
      dead_letter(prefix, job, KEYS[2], result_key(prefix, id), id, err, 'LeaseExpired', now_iso, '0', ttl_ms)
    else
      redis.call('HSET', job, 'status', 'pending', 'error', err, 'error_type', 'LeaseExpired', 'updated_at', now_iso)
      redis.call('HDEL', job, 'worker_id', 'lease_token')
      push_queue(prefix, queue_key(prefix, route, priority), route, id, true)
    end
    count = count + 1
  end
end
return count
