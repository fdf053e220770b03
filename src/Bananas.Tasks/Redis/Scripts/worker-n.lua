-- A worker heartbeat (registration + throughput counts, one atomic write) or a clean stop (counts, then unregister).
-- Input:
--   KEYS[1] {prefix}:workers          ZSET  worker ids, score = registration deadline (last heartbeat + TTL), Unix ms (engine clock)
--   KEYS[2] {prefix}:worker:{id}      HASH  the registration
--   then per count i (i = 1..n): KEYS[1+2i] {prefix}:stats:{route}:minute:{yyyyMMddHH} HASH,
--                                KEYS[2+2i] {prefix}:stats:{route}:day:{yyyyMMdd}     HASH
--   ARGV[1] 'beat' | 'remove'   ARGV[2] worker id   ARGV[3] now, Unix ms   ARGV[4] deadline, Unix ms   ARGV[5] TTL, ms
--   ARGV[6] field count m, then m values (field, value, …) of the registration; then per count i: minute ('00'..'59'),
--   processed, failed
-- Output: how many counts were added (a count whose keys hold another type than a hash is skipped).
-- Registration fields: id, host, pid, routes (comma-separated), concurrency, in_flight, started_at, last_heartbeat.
-- The registration hash gets the TTL (Redis clock); workers whose deadline passed are removed from KEYS[1] (engine clock).
-- Minute hashes (fields '{mm}:processed', '{mm}:failed') expire 2 h after their last write, day hashes (fields processed,
-- failed) 91 days after. Error reply 'WRONGTYPE …; nothing was changed' when KEYS[1] or KEYS[2] holds another type.
local mode, id, now_ms, deadline, ttl_ms = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local m = tonumber(ARGV[6])
for i = 1, 2 do
  local wrong = wrong_type(KEYS[i], i == 1 and 'zset' or 'hash')
  if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
end
local added = 0
local n = (#KEYS - 2) / 2
local a = 7 + m
for i = 1, n do
  local minute_key, day_key = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local mm, processed, failed = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  a = a + 3
  if wrong_type(minute_key, 'hash') == nil and wrong_type(day_key, 'hash') == nil then
    if processed ~= 0 then
      redis.call('HINCRBY', minute_key, mm .. ':processed', processed)
      redis.call('HINCRBY', day_key, 'processed', processed)
    end
    if failed ~= 0 then
      redis.call('HINCRBY', minute_key, mm .. ':failed', failed)
      redis.call('HINCRBY', day_key, 'failed', failed)
    end
    redis.call('EXPIRE', minute_key, 7200)
    redis.call('EXPIRE', day_key, 7862400)
    added = added + 1
  end
end
if mode == 'remove' then
  redis.call('ZREM', KEYS[1], id)
  redis.call('DEL', KEYS[2])
else
  local fields = {}
  for j = 7, 6 + m do fields[#fields + 1] = ARGV[j] end
  redis.call('DEL', KEYS[2])
  if #fields > 0 then redis.call('HSET', KEYS[2], unpack(fields)) end
  redis.call('PEXPIRE', KEYS[2], ttl_ms)
  redis.call('ZADD', KEYS[1], deadline, id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now_ms)
return added
