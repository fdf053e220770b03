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
-- A cancelled workflow step: its failure policy follows (wf_step_failed in _common.lua: {prefix}:wf:{id}, the hashes of
-- the steps it feeds and of its compensation).
-- Output: 'notfound' | 'cancelled' | 'signalled' | 'finished'.
--   Error replies, before any write (nothing changed): 'MALFORMED <why>' when a pending job's routing_key or priority
--   cannot name a queue; 'WRONGTYPE <why>' when the job key, its queue or the scheduled set holds another type.
-- The cancelled job's hash holds its outcome (status failed, error_type JobCancelled, duration_ms 0) and gets the result
-- TTL. Publishes 'ready' on {prefix}:result:notify:{id} when cancelled and a waiter marked the job, the id on
-- {prefix}:cancel when signalled.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, id, now_iso, ttl_ms = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', KEYS[1]) == 0 then return 'notfound' end
local outcome, code, why = cancel_job(prefix, KEYS[1], KEYS[2], id, now_iso, ttl_ms)
if code ~= nil then return refuse(code, why) end
return outcome
