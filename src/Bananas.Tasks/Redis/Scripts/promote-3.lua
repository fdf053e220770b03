-- Moves due scheduled jobs (delayed jobs and retries) to the back of their OWN route/priority queue, earliest due first.
-- Input:
--   KEYS[1] {prefix}:queue:scheduled   ZSET  score = due time, Unix seconds
--   KEYS[2] {prefix}:queue:dead        LIST
--   KEYS[3] {prefix}:queue:leases      ZSET  read only: is a processing job's lease held now
--   ARGV[1] prefix   ARGV[2] now, Unix seconds   ARGV[3] now, RFC 3339 UTC   ARGV[4] most jobs   ARGV[5] result TTL, ms
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): {prefix}:job:{id} of each due id,
-- and the queue {prefix}:route:{route}:queue:{priority} read from that hash.
-- Output: how many jobs were queued. A due id whose key is gone (or is not a hash) is dropped from the ZSET, and so is a
-- stale entry, left as it is: a job already completed or failed, or processing under a lease held now (its id was also
-- pushed onto a queue, e.g. by a foreign producer, and it ran or runs from there: queuing it would run it again). A hash
-- whose route or priority is unreadable is dead-lettered (error_type MalformedJobRecord), and one whose queue key holds
-- another type than a list is dead-lettered (error_type WrongTypeQueue), instead of being queued. Error reply
-- 'WRONGTYPE …; nothing was changed' when KEYS[2] is not a list or KEYS[3] not a ZSET. Every key is type checked before it is written, so
-- the script never fails part-way.
-- Atomic, so concurrent callers in many processes never queue a job twice.
local prefix, now_iso, ttl_ms = ARGV[1], ARGV[3], ARGV[5]
local keys_wrong = wrong_type(KEYS[2], 'list') or wrong_type(KEYS[3], 'zset')
if keys_wrong ~= nil then return refuse('WRONGTYPE', keys_wrong) end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
local count = 0
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  local job = job_key(prefix, id)
  local fields = redis.call('TYPE', job)['ok'] == 'hash' and redis.call('HMGET', job, 'routing_key', 'priority', 'status')
  local status = fields and fields[3]
  local stale = status == 'completed' or status == 'failed' or (status == 'processing' and redis.call('ZSCORE', KEYS[3], id) ~= false)
  if fields and not stale then
    local route = fields[1] or 'default'
    local queue, code, why = job_queue(prefix, id, route, fields[2])
    if queue == nil then
      dead_letter(prefix, job, KEYS[2], result_key(prefix, id), id, why, code == 'MALFORMED' and 'MalformedJobRecord' or 'WrongTypeQueue', now_iso, '0', ttl_ms)
    else
      redis.call('HSET', job, 'status', 'pending', 'updated_at', now_iso)
      push_queue(prefix, queue, route, id, false)
      count = count + 1
    end
  end
end
return count
