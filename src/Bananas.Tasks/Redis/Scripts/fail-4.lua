-- Records a failed execution: a retry (scheduled at ARGV[7]) or, when permanent or out of retries, the dead list.
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH     KEYS[2] {prefix}:queue:leases     ZSET
--   KEYS[3] {prefix}:queue:scheduled ZSET  KEYS[4] {prefix}:queue:dead   LIST
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] lease token   ARGV[4] error   ARGV[5] error type
--   ARGV[6] permanent ('1' | '0')   ARGV[7] retry due, Unix seconds   ARGV[8] retry due, RFC 3339 UTC
--   ARGV[9] now, RFC 3339 UTC   ARGV[10] duration ms   ARGV[11] result TTL, ms
-- Output: 'retrying' | 'dead' | 'lost' (the lease was no longer held, or the job key is not a hash: nothing changed);
--   error reply 'WRONGTYPE …; nothing was changed' when KEYS[3] or KEYS[4] holds another type.
-- Out of retries means attempts > max_retries (attempts counts executions started, this one included);
-- an unreadable attempts or max_retries also dead-letters. Publishes {prefix}:queue:scheduled:notify on retry,
-- 'ready' on {prefix}:result:notify:{id} when dead-lettered and a waiter marked the job (notify_result). The outcome
-- of a dead job (error, error_type, completed_at, duration_ms) is in its hash. Flow control (release_gates in
-- _common.lua, keys built from ARGV[1]): a retry gives its concurrency slot to the oldest waiting job and keeps its place
-- in its sequence; a dead job gives up both (its sequence unless seq_hold = 'until_completed').
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, id, token = ARGV[1], ARGV[2], ARGV[3]
local err, err_type, permanent, now_iso = ARGV[4], ARGV[5], ARGV[6] == '1', ARGV[9]
if not holds_lease(KEYS[2], KEYS[1], id, token) then return 'lost' end
-- Type checks before the first write: a failing ZADD or LPUSH after ZREM and HSET would leave the job with no lease,
-- in no queue.
local wrong = wrong_type(KEYS[3], 'zset') or wrong_type(KEYS[4], 'list')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
local history = error_history_with(KEYS[1], err_type, err, now_iso)
redis.call('ZREM', KEYS[2], id)
local attempts = to_int(redis.call('HGET', KEYS[1], 'attempts'))
local max_retries = to_int(redis.call('HGET', KEYS[1], 'max_retries'))
if permanent or attempts == nil or max_retries == nil or attempts > max_retries then
  redis.call('HSET', KEYS[1], 'error_history', history)
  dead_letter(prefix, KEYS[1], KEYS[4], id, err, err_type, now_iso, ARGV[10], ARGV[11])
  return 'dead'
end
release_gates(prefix, id, redis.call('HGET', KEYS[1], 'conc_key'), nil, nil, 'retry', now_iso)
redis.call('HSET', KEYS[1], 'status', 'scheduled', 'error', err, 'error_type', err_type, 'error_history', history, 'scheduled_for', ARGV[8], 'updated_at', now_iso)
redis.call('HDEL', KEYS[1], 'worker_id', 'lease_token')
redis.call('ZADD', KEYS[3], ARGV[7], id)
notify(prefix .. ':queue:scheduled:notify', 'retry')
return 'retrying'
