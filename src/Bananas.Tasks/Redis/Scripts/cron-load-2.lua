-- Reads a periodic schedule's state, creating it first when it does not exist, and lists the schedule in the index.
-- Input:  KEYS[1] -> the schedule's hash, <prefix>:cron:<schedule>
--         KEYS[2] -> the schedules index, <prefix>:schedules (SET of schedule names; ICronStore.ListAsync reads it)
--         ARGV[1] -> next_occurrence to store when the hash is created (fixed-width RFC 3339 UTC, or '' for none)
--         ARGV[2] -> the schedule name (the member of KEYS[2])
-- Output: { last_occurrence, next_occurrence, last_job_id, run_count, server_seconds, server_microseconds }
--         (unset fields as ''); the last two are Redis TIME, the time authority for "not before its time".
-- SADD on every load (not only on create), so schedules created before the index existed are listed at their next tick.
-- Error reply 'WRONGTYPE …; nothing was changed' when KEYS[1] is not a hash, before any write; an index key of another
-- type is left alone (the schedule still loads, it is just not listed), so the script never fails after a write.
local wrong = wrong_type(KEYS[1], 'hash')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
local now = redis.call('TIME')
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'next_occurrence', ARGV[1], 'run_count', '0')
end
if wrong_type(KEYS[2], 'set') == nil then redis.call('SADD', KEYS[2], ARGV[2]) end
local v = redis.call('HMGET', KEYS[1], 'last_occurrence', 'next_occurrence', 'last_job_id', 'run_count')
return { v[1] or '', v[2] or '', v[3] or '', v[4] or '0', now[1], now[2] }
