-- Cancels a job: pending, scheduled or waiting (held by a flow-control gate) → removed from its queue, the scheduled set
-- or its gate, and failed ('cancelled before it ran'); a job of a sequence leaves it (the next is queued if it was the head);
-- processing → its id is published on the cancel channel so the worker running it fires its CancellationToken.
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH   KEYS[2] {prefix}:queue:scheduled   ZSET
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] now, RFC 3339 UTC   ARGV[4] result TTL, ms
-- Key built here from ARGV[1] (documented exception in docs/wire-format.md): a pending job's queue
-- {prefix}:route:{route}:queue:{priority} from the routing_key and priority of its hash (job_queue in _common.lua).
-- Also built here: {prefix}:queue:failed, the bounded recently failed index (note_finished in _common.lua); a waiting
-- job's gate list {prefix}:{waiting_on} and the admin index {prefix}:queue:waiting, and its sequence {prefix}:seq:{lock} (release_gates in _common.lua).
-- Output: 'notfound' | 'cancelled' | 'signalled' | 'finished'.
--   Error replies for a pending job, before any write (nothing changed): 'MALFORMED <why>' when the hash's
--   routing_key or priority cannot name a queue; 'WRONGTYPE <why>' when the queue key holds something other than a list.
-- The cancelled job's hash holds its outcome (status failed, error_type JobCancelled, duration_ms 0) and gets the result
-- TTL. Publishes 'ready' on {prefix}:result:notify:{id} when cancelled and a waiter marked the job, the id on
-- {prefix}:cancel when signalled.
local prefix, id, now_iso, ttl_ms = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', KEYS[1]) == 0 then return 'notfound' end
local fields = redis.call('HMGET', KEYS[1], 'status', 'routing_key', 'priority', 'notify_result', 'unique_lock', 'unique_scope', 'waiting_on', 'seq_lock')
local status = fields[1]
if status == 'processing' then
  notify(prefix .. ':cancel', id)
  return 'signalled'
end
-- first write: LREM or ZREM (a wrong-type ZSET fails there, before anything else is written)
if status == 'pending' then
  local queue, code, why = job_queue(prefix, id, fields[2] or 'default', fields[3])
  if queue == nil then return refuse(code, why) end
  redis.call('LREM', queue, 1, id)
elseif status == 'scheduled' then
  redis.call('ZREM', KEYS[2], id)
elseif status == 'waiting' then
  -- held by a gate: out of its concurrency limit's waiting list (pcall: a key of another type is left as it is); a
  -- sequence's list is handled with the release below
  local on = fields[7]
  if type(on) == 'string' and string.sub(on, 1, 4) ~= 'seq:' then redis.pcall('LREM', prefix .. ':' .. on, 0, id) end
  redis.call('HDEL', KEYS[1], 'waiting_on')
  forget_waiting(prefix, id)
else
  return 'finished'
end
local err = 'cancelled before it ran'
redis.call('HSET', KEYS[1], 'status', 'failed', 'error', err, 'error_type', 'JobCancelled', 'completed_at', now_iso, 'updated_at', now_iso, 'duration_ms', '0')
redis.call('PEXPIRE', KEYS[1], ttl_ms)
release_unique(prefix, id, fields[5], fields[6])
release_gates(prefix, id, nil, fields[8], nil, 'cancelled', now_iso) -- out of its sequence; the next one queued if it was the head
notify_result(prefix, id, fields[4])
note_finished(prefix, 'failed', { id }, now_iso, ttl_ms) -- admin: recently failed index (bounded)
return 'cancelled'
