-- Completes a batch of leased jobs and stores their results.
-- Input:
--   KEYS[1]      {prefix}:queue:leases   ZSET
--   KEYS[2i]     {prefix}:job:{id}       HASH  completion i's job (i = 1..n)
--   KEYS[2i+1]   {prefix}:result:{id}    HASH  completion i's result
--   ARGV[1] prefix   ARGV[2] now, RFC 3339 UTC   ARGV[3] result TTL, ms
--   then per completion i: id, lease token, has result ('1' | '0'), result JSON, duration ms
-- Output: array of n integers, 1 = completed, 0 = the lease was lost (nothing changed).
-- The job hash gets the result TTL too. Publishes 'ready' on {prefix}:result:notify:{id}.
local prefix, now_iso, ttl_ms = ARGV[1], ARGV[2], ARGV[3]
local out = {}
for i = 1, (#KEYS - 1) / 2 do
  local job, result = KEYS[2 * i], KEYS[2 * i + 1]
  local a = 4 + (i - 1) * 5
  local id, token, has_result, result_json, duration = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  if holds_lease(KEYS[1], job, id, token) then
    redis.call('ZREM', KEYS[1], id)
    redis.call('HSET', job, 'status', 'completed', 'completed_at', now_iso, 'updated_at', now_iso)
    redis.call('HDEL', job, 'worker_id', 'lease_token')
    redis.call('PEXPIRE', job, ttl_ms)
    local fields = { 'status', 'completed', 'completed_at', now_iso, 'duration_ms', duration }
    if has_result == '1' then
      fields[#fields + 1] = 'result'
      fields[#fields + 1] = result_json
    end
    write_result(prefix, result, id, ttl_ms, fields)
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
