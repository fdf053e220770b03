-- Completes a batch of leased jobs and stores their results.
-- Input:
--   KEYS[1]      {prefix}:queue:leases   ZSET
--   KEYS[2i]     {prefix}:job:{id}       HASH  completion i's job (i = 1..n)
--   KEYS[2i+1]   {prefix}:result:{id}    HASH  completion i's result
--   ARGV[1] prefix   ARGV[2] now, RFC 3339 UTC   ARGV[3] result TTL, ms
--   then per completion i: id, lease token, has result ('1' | '0'), result JSON, duration ms
-- Output: array of n integers, 1 = completed, 0 = the lease was lost (nothing changed).
-- Key built here from ARGV[1] (documented exception): {prefix}:queue:completed, the bounded recently completed index.
-- The job hash gets the result TTL too. Publishes 'ready' on {prefix}:result:notify:{id}.
-- The fence of each completion: its id is in the lease set (one ZMSCORE for the batch, Redis 6.2+) and the job hash
-- carries its lease token; an id completed earlier in the same batch counts as lost. Lease removal and the deletion
-- of old results are one ZREM and one DEL for the batch.
local prefix, now_iso, ttl_ms = ARGV[1], ARGV[2], ARGV[3]
local n = (#KEYS - 1) / 2
local out = {}

-- Runs command(key, items...) in slices, so a large batch stays within Lua's unpack limit.
local function in_slices(command, key, items)
  for s = 1, #items, 1000 do
    local last = math.min(#items, s + 999)
    if key then redis.call(command, key, unpack(items, s, last)) else redis.call(command, unpack(items, s, last)) end
  end
end

local ids = {}
for i = 1, n do ids[i] = ARGV[4 + (i - 1) * 5] end
local scores = {}
for s = 1, n, 1000 do
  local part = redis.call('ZMSCORE', KEYS[1], unpack(ids, s, math.min(n, s + 999)))
  for j = 1, #part do scores[s + j - 1] = part[j] end
end

local held, held_results, completed = {}, {}, {}
for i = 1, n do
  local job = KEYS[2 * i]
  local a = 4 + (i - 1) * 5
  local id, token = ARGV[a], ARGV[a + 1]
  if scores[i] and not completed[id] and redis.call('HGET', job, 'lease_token') == token then
    completed[id] = true
    redis.call('HSET', job, 'status', 'completed', 'completed_at', now_iso, 'updated_at', now_iso)
    redis.call('HDEL', job, 'worker_id', 'lease_token')
    redis.call('PEXPIRE', job, ttl_ms)
    held[#held + 1] = id
    held_results[#held_results + 1] = KEYS[2 * i + 1]
    out[i] = 1
  else
    out[i] = 0
  end
end
if #held > 0 then
  in_slices('ZREM', KEYS[1], held)
  in_slices('DEL', nil, held_results)
  note_finished(prefix, 'completed', held, now_iso, ttl_ms) -- admin: recently completed index (bounded)
end
for i = 1, n do
  if out[i] == 1 then
    local a = 4 + (i - 1) * 5
    local id, has_result, result_json, duration = ARGV[a], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
    local result = KEYS[2 * i + 1]
    if has_result == '1' then
      redis.call('HSET', result, 'status', 'completed', 'completed_at', now_iso, 'duration_ms', duration, 'result', result_json)
    else
      redis.call('HSET', result, 'status', 'completed', 'completed_at', now_iso, 'duration_ms', duration)
    end
    redis.call('PEXPIRE', result, ttl_ms)
    redis.call('PUBLISH', prefix .. ':result:notify:' .. id, 'ready')
  end
end
return out
