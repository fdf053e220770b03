-- Takes back jobs whose lease expired (their worker stopped renewing): to the FRONT of their own queue, or to the
-- dead list when that execution was their last allowed one (attempts > max_retries).
-- Input:
--   KEYS[1] {prefix}:queue:leases   ZSET  score = lease deadline, Unix ms (engine clock)
--   KEYS[2] {prefix}:queue:dead     LIST
--   ARGV[1] prefix   ARGV[2] now, Unix ms   ARGV[3] now, RFC 3339 UTC   ARGV[4] most jobs   ARGV[5] result TTL, ms
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): {prefix}:job:{id}
-- and the job's queue {prefix}:route:{route}:queue:{priority} read from its hash.
-- Output: how many jobs were recovered (queued again or dead-lettered); a lease whose key is gone (or is not a hash) is
-- dropped. A hash whose route or priority is unreadable, or whose queue key holds another type than a list, is
-- dead-lettered with that reason added to the error. Error reply 'WRONGTYPE …; nothing was changed' when KEYS[2] is
-- not a list. Every key is type checked before it is written, so the script never fails part-way.
-- Atomic, so concurrent callers in many processes never recover a job twice.
local prefix, now_iso, ttl_ms = ARGV[1], ARGV[3], ARGV[5]
local dead_wrong = wrong_type(KEYS[2], 'list')
if dead_wrong ~= nil then return refuse('WRONGTYPE', dead_wrong) end
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
local count = 0
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[1], id)
  local job = job_key(prefix, id)
  if redis.call('TYPE', job)['ok'] == 'hash' then
    local fields = redis.call('HMGET', job, 'worker_id', 'attempts', 'max_retries', 'routing_key', 'priority')
    local worker, attempts_text = fields[1] or '', fields[2]
    local attempts = to_int(attempts_text)
    local max_retries = to_int(fields[3])
    local route = fields[4] or 'default'
    local err = 'lease expired: worker \'' .. worker .. '\' stopped renewing it during attempt ' .. tostring(attempts_text)
    local queue, _, why = job_queue(prefix, id, route, fields[5])
    redis.call('HSET', job, 'error_history', error_history_with(job, 'LeaseExpired', err, now_iso))
    if queue == nil then
      dead_letter(prefix, job, KEYS[2], id, err .. '; ' .. why, 'LeaseExpired', now_iso, '0', ttl_ms)
    elseif attempts == nil or max_retries == nil or attempts > max_retries then
      dead_letter(prefix, job, KEYS[2], id, err, 'LeaseExpired', now_iso, '0', ttl_ms)
    else
      redis.call('HSET', job, 'status', 'pending', 'error', err, 'error_type', 'LeaseExpired', 'updated_at', now_iso)
      redis.call('HDEL', job, 'worker_id', 'lease_token')
      push_queue(prefix, queue, route, id, true)
    end
    count = count + 1
  end
end
return count
