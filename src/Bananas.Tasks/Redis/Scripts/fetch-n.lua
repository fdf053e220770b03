-- Leases up to ARGV[6] jobs: routes in the given order, within a route high, normal, low; FIFO within a queue.
-- Input:
--   KEYS[1]        {prefix}:queue:leases   ZSET  in-flight ids, score = lease deadline (ms, engine clock)
--   KEYS[2]        {prefix}:queue:dead     LIST  dead-lettered ids
--   KEYS[3r..3r+2] {prefix}:route:{route r}:queue:high|normal|low  LISTs, r = 1..routes
--   ARGV[1] prefix   ARGV[2] now, RFC 3339 UTC   ARGV[3] lease deadline, Unix ms   ARGV[4] lease token
--   ARGV[5] worker id   ARGV[6] most jobs in total   ARGV[7] result TTL, ms
--   then per route r: route name, most jobs from that route
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): {prefix}:job:{id} and
-- {prefix}:result:{id} of the ids popped, which cannot be known before the pop.
-- Output: array of leased jobs, each { id, route, { field, value, … } } — the hash after the update. A popped id
--   whose hash is missing is dead-lettered with a minimal failed record (error_type MissingJobRecord) and not returned.
--   A hash with malformed fields is leased anyway (the caller reports the decode error and fails it).
local prefix, now_iso, deadline, token, worker = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local max_jobs, ttl_ms = tonumber(ARGV[6]), ARGV[7]
local priorities = { 'high', 'normal', 'low' }
local out = {}
local routes = (#KEYS - 2) / 3
for r = 1, routes do
  if #out >= max_jobs then break end
  local route, route_max = ARGV[6 + 2 * r], tonumber(ARGV[7 + 2 * r])
  local taken = 0
  for p = 1, 3 do
    local queue = KEYS[3 * r + p - 1]
    while #out < max_jobs and taken < route_max do
      local id = redis.call('RPOP', queue)
      if not id then break end
      local job = job_key(prefix, id)
      if redis.call('EXISTS', job) == 0 then
        local err = 'job record missing from Redis when fetched from ' .. queue
        redis.call('HSET', job, 'id', id, 'routing_key', route, 'priority', priorities[p], 'attempts', '0', 'max_retries', '0', 'created_at', now_iso)
        dead_letter(prefix, job, KEYS[2], result_key(prefix, id), id, err, 'MissingJobRecord', now_iso, '0', ttl_ms)
      else
        local attempts = to_int(redis.call('HGET', job, 'attempts') or '0')
        redis.call('HSET', job, 'status', 'processing', 'started_at', now_iso, 'updated_at', now_iso, 'lease_token', token, 'worker_id', worker)
        if attempts ~= nil then redis.call('HSET', job, 'attempts', tostring(attempts + 1)) end
        redis.call('ZADD', KEYS[1], deadline, id)
        out[#out + 1] = { id, route, redis.call('HGETALL', job) }
        taken = taken + 1
      end
    end
  end
end
return out
