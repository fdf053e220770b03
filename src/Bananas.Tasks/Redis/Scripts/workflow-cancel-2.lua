-- Cancels a running workflow: its record says cancelled first (so a step finishing meanwhile queues nothing more), then
-- each step is cancelled as cancel-2.lua cancels a job: waiting, pending and scheduled ones fail as cancelled, running
-- ones are signalled on {prefix}:cancel (their worker fires the handler's CancellationToken).
-- Input:
--   KEYS[1] {prefix}:wf:{id}   HASH   KEYS[2] {prefix}:queue:scheduled   ZSET
--   ARGV[1] prefix   ARGV[2] workflow id   ARGV[3] now, RFC 3339 UTC   ARGV[4] result TTL, ms
-- Keys built here from ARGV[1] (documented exception): each step's hash {prefix}:job:{id} from the record's steps
--   field, and what cancel_job in _common.lua builds (a pending step's queue, the waiting and recently failed indexes).
-- Output: 'notfound' | 'finished' (not running: nothing changed) | { 'cancelled', cancelled count, signalled count,
--   skipped count }; a step whose keys cannot be used (cancel_job's MALFORMED or WRONGTYPE) is skipped and counted.
--   Error reply 'WRONGTYPE …; nothing was changed' when KEYS[1] holds another type than a hash.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, wf, now_iso, ttl_ms = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local wrong = wrong_type(KEYS[1], 'hash')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
local f = redis.call('HMGET', KEYS[1], 'status', 'steps')
if not f[1] then return 'notfound' end
if f[1] ~= 'running' then return 'finished' end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'updated_at', now_iso, 'completed_at', now_iso)
redis.call('PEXPIRE', KEYS[1], ttl_ms)
local cancelled, signalled, skipped = 0, 0, 0
for id in string.gmatch(f[2] or '', '[^,]+') do
  local outcome = cancel_job(prefix, job_key(prefix, id), KEYS[2], id, now_iso, ttl_ms)
  if outcome == 'cancelled' then cancelled = cancelled + 1
  elseif outcome == 'signalled' then signalled = signalled + 1
  elseif outcome == nil then skipped = skipped + 1 end
end
return { 'cancelled', cancelled, signalled, skipped }
