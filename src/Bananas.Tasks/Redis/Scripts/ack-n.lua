-- Completes a batch of leased jobs. The outcome lives in the job hash: no second record.
-- Input:
--   KEYS[1]      {prefix}:queue:leases   ZSET
--   KEYS[1+i]    {prefix}:job:{id}       HASH  completion i's job (i = 1..n)
--   ARGV[1] prefix   ARGV[2] now, RFC 3339 UTC   ARGV[3] default retention of a completed job, ms (the result TTL)
--   ARGV[4] retention of a completed job someone waits for when its own retention is 0, ms
--   then per completion i: id, lease token, result JSON ('' = the task returns nothing), duration ms,
--   retention ms ('' = ARGV[3]; '0' = delete the record at completion)
-- Output: array of n integers, 1 = completed, 0 = the lease was lost (nothing changed); a job key that is not a hash
--   holds no lease (its HMGET is a pcall: a key of another type refuses only that completion). Every write is to a key
--   read as a hash first, and PUBLISH is a pcall: the script never fails part-way.
-- Key built here from ARGV[1] (documented exception): {prefix}:queue:completed, the bounded recently completed index
--   (skipped when it holds another type).
-- A completed job keeps status, completed_at, updated_at, duration_ms and result (when there is one) and gets its
-- retention as TTL; retention 0 deletes the hash, unless a waiter marked it (notify_result = '1'): then it is kept for
-- ARGV[4] so the waiter can read it. Publishes 'ready' on {prefix}:result:notify:{id} only for a marked job.
-- The fence of each completion: its id is in the lease set (one ZMSCORE for the batch, Redis 6.2+) and the job hash
-- carries its lease token; an id completed earlier in the same batch counts as lost. Lease removal is one ZREM for
-- the batch. Cost per job: HMGET, HSET, HDEL, PEXPIRE (or one DEL at retention 0).
-- Workflows: a step's completion hands its result to the steps it feeds and queues those whose parents are all done,
-- in this script (wf_step_done in _common.lua; keys built from ARGV[1]: {prefix}:wf:{id}, the fed steps' hashes and queues).
-- Flow control: a job's concurrency slot goes to the oldest job waiting for one, and the next job of its sequence is
-- queued (release_gates in _common.lua; keys built from ARGV[1]: {prefix}:{conc_key}, its :waiting list, {prefix}:seq:{lock},
-- the woken job's queue or the scheduled set).
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, now_iso, default_keep, waited_keep = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local n = #KEYS - 1
local out = {}

local function id_at(i) return ARGV[5 + (i - 1) * 5] end

local ids = {}
for i = 1, n do ids[i] = id_at(i) end
local scores = {}
for s = 1, n, 1000 do
  local part = redis.call('ZMSCORE', KEYS[1], unpack(ids, s, math.min(n, s + 999)))
  for j = 1, #part do scores[s + j - 1] = part[j] end
end

local held, kept, completed = {}, {}, {}
for i = 1, n do
  local job = KEYS[1 + i]
  local a = 5 + (i - 1) * 5
  local id, token, result_json, duration, keep = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  -- pcall: HMGET on a key of another type returns an error table (no lease token) instead of failing the script.
  local state = scores[i] and not completed[id] and redis.pcall('HMGET', job, 'lease_token', 'notify_result', 'error', 'unique_lock', 'unique_scope', 'conc_key', 'seq_lock', 'wf', 'wf_next', 'wf_comp', 'wf_role', 'name')
  if state and state[1] == token then
    completed[id] = true
    held[#held + 1] = id
    release_unique(prefix, id, state[4], state[5])
    release_gates(prefix, id, state[6], state[7], nil, 'completed', now_iso)
    if state[8] then wf_step_done(prefix, id, state[12], state[8], state[9], state[10], state[11], result_json, now_iso, default_keep) end
    if keep == '' then keep = default_keep end
    local marked = state[2]
    if keep == '0' and marked ~= '1' then
      redis.call('DEL', job)
    else
      if result_json ~= '' then
        redis.call('HSET', job, 'status', 'completed', 'completed_at', now_iso, 'updated_at', now_iso, 'duration_ms', duration, 'result', result_json)
      else
        redis.call('HSET', job, 'status', 'completed', 'completed_at', now_iso, 'updated_at', now_iso, 'duration_ms', duration)
      end
      -- Earlier failures stay in error_history; the current state is no longer an error.
      if state[3] then
        redis.call('HDEL', job, 'worker_id', 'lease_token', 'error', 'error_type')
      else
        redis.call('HDEL', job, 'worker_id', 'lease_token')
      end
      if keep == '0' then keep = waited_keep end
      redis.call('PEXPIRE', job, keep)
      kept[#kept + 1] = id
      notify_result(prefix, id, marked)
    end
    out[i] = 1
  else
    out[i] = 0
  end
end
for s = 1, #held, 1000 do redis.call('ZREM', KEYS[1], unpack(held, s, math.min(#held, s + 999))) end
note_finished(prefix, 'completed', kept, now_iso, default_keep) -- admin: recently completed index (bounded)
return out
