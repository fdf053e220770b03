-- Moves a dead job back to the back of its queue with attempts reset to 0.
-- Input:
--   KEYS[1] {prefix}:queue:dead   LIST   KEYS[2] {prefix}:job:{id}   HASH   KEYS[3] {prefix}:result:{id}   HASH
--   KEYS[4] {prefix}:route:{route}:queue:{priority}   LIST  the job's own queue; absent when the caller could not
--           read a valid route and priority from the hash
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] now, RFC 3339 UTC
-- Output: 1 = requeued; 0 = not in the dead list (or in it without a hash: then the id is removed from the list);
--   'unplaceable' = in the dead list with a hash whose route or priority is unreadable (nothing changed).
local prefix, id = ARGV[1], ARGV[2]
if redis.call('LPOS', KEYS[1], id) == false then return 0 end
local exists = redis.call('EXISTS', KEYS[2]) == 1
if exists and KEYS[4] == nil then return 'unplaceable' end
redis.call('LREM', KEYS[1], 1, id)
if not exists then return 0 end
redis.call('DEL', KEYS[3])
redis.call('PERSIST', KEYS[2])
redis.call('HSET', KEYS[2], 'status', 'pending', 'attempts', '0', 'updated_at', ARGV[3])
redis.call('HDEL', KEYS[2], 'completed_at', 'worker_id', 'lease_token')
push_queue(prefix, KEYS[4], (redis.call('HGET', KEYS[2], 'routing_key') or 'default'), id, false)
return 1
