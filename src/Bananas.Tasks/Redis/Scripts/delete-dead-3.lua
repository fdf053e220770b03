-- Deletes a dead job: its id from the dead list and its record (which holds its outcome).
-- Input:
--   KEYS[1] {prefix}:queue:dead   LIST   KEYS[2] {prefix}:job:{id}   HASH   KEYS[3] {prefix}:result:{id}   HASH (old record format only: deleted if present)
--   ARGV[1] id   ARGV[2] prefix   ARGV[3] now, RFC 3339 UTC (for a sequence's next job)
-- Keys built here from ARGV[2] (documented exception in docs/wire-format.md): the admin indexes the id leaves, the
-- per-route dead list {prefix}:route:{route}:dead (route read from the hash) and {prefix}:queue:failed; the job's sequence
-- {prefix}:seq:{lock} and its next job's keys (release_gates in _common.lua).
-- Output: 1 = deleted, 0 = not in the dead list (nothing changed).
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[2]) then return refuse_migrating(ARGV[2]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local id, prefix = ARGV[1], ARGV[2]
local route, seq = nil, nil
if redis.call('TYPE', KEYS[2])['ok'] == 'hash' then
  local f = redis.call('HMGET', KEYS[2], 'routing_key', 'seq_lock')
  route, seq = f[1] or 'default', f[2]
end
if redis.call('LREM', KEYS[1], 1, id) == 0 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3])
forget_dead(prefix, route, id)
-- a dead job that held its sequence (seq_hold until_completed) frees it: the next job is queued
release_gates(prefix, id, nil, seq, nil, 'deleted', ARGV[3] or '')
return 1
