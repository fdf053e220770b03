-- The compare-and-set that hands each occurrence to exactly one fate: moves last_occurrence forward, never back.
-- Timestamps are fixed-width RFC 3339 UTC, so string order is time order.
-- Input:  KEYS[1] -> the schedule's hash, <prefix>:cron:<schedule>
--         ARGV[1] -> the occurrence handled
--         ARGV[2] -> its job id, or '' when the occurrence was skipped (nothing enqueued)
--         ARGV[3] -> the occurrence after it, or '' when there is none
-- Output: 1 advanced (last_occurrence < ARGV[1] or unset: all fields written, run_count + 1 when a job is given)
--         2 job recorded (last_occurrence = ARGV[1] was recorded as skipped; a job id is given: last_job_id set, run_count + 1)
--         0 stale (already at or past ARGV[1]): nothing changed
local last = redis.call('HGET', KEYS[1], 'last_occurrence')
if (not last) or last == '' or last < ARGV[1] then
  -- HINCRBY first: it is the one call that can fail on a hash (run_count not an integer), so it fails before any write.
  if ARGV[2] ~= '' then
    redis.call('HINCRBY', KEYS[1], 'run_count', 1)
    redis.call('HSET', KEYS[1], 'last_occurrence', ARGV[1], 'next_occurrence', ARGV[3], 'last_job_id', ARGV[2])
  else
    redis.call('HSET', KEYS[1], 'last_occurrence', ARGV[1], 'next_occurrence', ARGV[3])
  end
  return 1
end
if last == ARGV[1] and ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'last_job_id') ~= ARGV[2] then
  redis.call('HINCRBY', KEYS[1], 'run_count', 1)
  redis.call('HSET', KEYS[1], 'last_job_id', ARGV[2])
  return 2
end
return 0
