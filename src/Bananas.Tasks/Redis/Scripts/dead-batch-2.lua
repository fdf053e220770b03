-- Requeues or deletes a batch of dead jobs, oldest first: at most ARGV[4] dead letter entries are examined per call.
-- Input:
--   KEYS[1] {prefix}:queue:dead   LIST   the global dead list
--   KEYS[2] the list read: KEYS[1] again, or {prefix}:route:{route}:dead (one route's dead jobs)
--   ARGV[1] prefix   ARGV[2] 'requeue' | 'delete'   ARGV[3] entries at the oldest end already examined and kept (cursor)
--   ARGV[4] most entries examined   ARGV[5] task name filter ('' = none)   ARGV[6] now, RFC 3339 UTC
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): {prefix}:job:{id}, {prefix}:result:{id} (old record format only: deleted if present),
-- the job's queue (requeue; job_queue in _common.lua), its route's dead list and {prefix}:queue:failed; on delete, the
-- job's sequence and its next job's keys (release_gates in _common.lua).
-- Output: { done, examined, skipped (requeue refused: malformed record or wrong-type queue), kept total (next cursor),
--           entries left in KEYS[2] }.
-- Every key is type checked before it is written (a requeue that job_queue refuses leaves that job dead and is counted as
-- skipped), so the script never fails part-way; error reply 'WRONGTYPE …; nothing was changed' when KEYS[1] or KEYS[2]
-- is not a list. Cost: O(cursor + examined) for the read, plus one LREM per changed job from the oldest end of each list.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, action, kept, most, task, now_iso = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6]
for i = 1, 2 do
  local wrong = wrong_type(KEYS[i], 'list')
  if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
end
local ids = redis.call('LRANGE', KEYS[2], -(kept + most), -(kept + 1))
local done, skipped, examined = 0, 0, 0
local per_route = KEYS[2] ~= KEYS[1]
for i = #ids, 1, -1 do
  local id = ids[i]
  examined = examined + 1
  local job = job_key(prefix, id)
  if redis.call('TYPE', job)['ok'] ~= 'hash' then
    -- a dangling id (record gone): it cannot be requeued or shown; drop it from the lists read
    redis.call('LREM', KEYS[2], -1, id)
    if per_route then redis.call('LREM', KEYS[1], -1, id) end
  else
    local f = redis.call('HMGET', job, 'name', 'routing_key', 'priority', 'seq_lock')
    local route = f[2] or 'default'
    if task ~= '' and f[1] ~= task then
      kept = kept + 1
    elseif action == 'delete' then
      redis.call('LREM', KEYS[1], -1, id)
      forget_dead(prefix, route, id, true)
      redis.call('DEL', job, legacy_result_key(prefix, id))
      release_gates(prefix, id, nil, f[4], nil, 'deleted', now_iso) -- a dead job holding its sequence frees it
      done = done + 1
    else
      local queue = job_queue(prefix, id, route, f[3])
      if queue == nil then
        kept = kept + 1
        skipped = skipped + 1
      else
        redis.call('LREM', KEYS[1], -1, id)
        forget_dead(prefix, route, id, true)
        redis.call('DEL', legacy_result_key(prefix, id))
        redis.call('PERSIST', job)
        redis.call('HSET', job, 'status', 'pending', 'attempts', '0', 'updated_at', now_iso)
        redis.call('HDEL', job, 'completed_at', 'duration_ms', 'result', 'worker_id', 'lease_token')
        push_queue(prefix, queue, route, id, false)
        done = done + 1
      end
    end
  end
end
return { done, examined, skipped, kept, redis.call('LLEN', KEYS[2]) }
