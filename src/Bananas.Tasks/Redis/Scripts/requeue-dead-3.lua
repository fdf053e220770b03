-- Moves a dead job back to the back of its queue with attempts reset to 0.
-- Input:
--   KEYS[1] {prefix}:queue:dead   LIST   KEYS[2] {prefix}:job:{id}   HASH   KEYS[3] {prefix}:result:{id}   HASH (old record format only: deleted if present)
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] now, RFC 3339 UTC
-- Key built here from ARGV[1] (documented exception in docs/wire-format.md): the job's queue
-- {prefix}:route:{route}:queue:{priority} from the routing_key and priority of its hash (job_queue in _common.lua); the
-- admin indexes the id leaves ({prefix}:route:{route}:dead, {prefix}:queue:failed: forget_dead in _common.lua).
-- Output: 1 = requeued; 0 = not in the dead list (or in it without a hash: then the id is removed from the list).
--   Error replies for a dead job with a hash, before any write (nothing changed): 'MALFORMED <why>' when the hash's
--   routing_key or priority cannot name a queue; 'WRONGTYPE <why>' when the queue key holds something other than a list.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, id = ARGV[1], ARGV[2]
if redis.call('LPOS', KEYS[1], id) == false then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('LREM', KEYS[1], 1, id)
  return 0
end
local fields = redis.call('HMGET', KEYS[2], 'routing_key', 'priority')
local route = fields[1] or 'default'
local queue, code, why = job_queue(prefix, id, route, fields[2])
if queue == nil then return refuse(code, why) end
-- first write: every key below was read above (type checked), is deleted whole, or is a list that job_queue checked
redis.call('LREM', KEYS[1], 1, id)
forget_dead(prefix, route, id) -- admin: out of the per-route dead list and the recently failed index
redis.call('DEL', KEYS[3])
redis.call('PERSIST', KEYS[2])
redis.call('HSET', KEYS[2], 'status', 'pending', 'attempts', '0', 'updated_at', ARGV[3])
redis.call('HDEL', KEYS[2], 'completed_at', 'duration_ms', 'result', 'worker_id', 'lease_token')
push_queue(prefix, queue, route, id, false)
return 1
