-- Hands a leased job back to the front of its queue without counting the attempt (graceful shutdown).
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH   KEYS[2] {prefix}:queue:leases   ZSET
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] lease token   ARGV[4] now, RFC 3339 UTC
-- Key built here from ARGV[1] (documented exception in docs/wire-format.md): the job's queue
-- {prefix}:route:{route}:queue:{priority} from the routing_key and priority of its hash (job_queue in _common.lua).
-- Output: 1 = released, 0 = the lease was lost (nothing changed).
--   Error replies, before any write (nothing changed): 'MALFORMED <why>' when the hash's routing_key or priority
--   cannot name a queue; 'WRONGTYPE <why>' when the queue key holds something other than a list.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, id = ARGV[1], ARGV[2]
if not holds_lease(KEYS[2], KEYS[1], id, ARGV[3]) then return 0 end
local fields = redis.call('HMGET', KEYS[1], 'routing_key', 'priority', 'attempts', 'conc_key')
local route = fields[1] or 'default'
local queue, code, why = job_queue(prefix, id, route, fields[2])
if queue == nil then return refuse(code, why) end
-- first write: every key below was read above (type checked) or is a list that job_queue checked
redis.call('ZREM', KEYS[2], id)
local attempts = to_int(fields[3]) or 1
if attempts < 1 then attempts = 1 end
redis.call('HSET', KEYS[1], 'status', 'pending', 'attempts', tostring(attempts - 1), 'updated_at', ARGV[4])
redis.call('HDEL', KEYS[1], 'worker_id', 'lease_token')
push_queue(prefix, queue, route, id, true)
release_gates(prefix, id, fields[4], nil, nil, 'retry', ARGV[4]) -- its concurrency slot goes to a waiting job
return 1
