-- Hands a leased job back to the front of its queue without counting the attempt (graceful shutdown).
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH   KEYS[2] {prefix}:queue:leases   ZSET
--   KEYS[3] {prefix}:route:{route}:queue:{priority}   LIST  the job's own queue (route and priority never change)
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] lease token   ARGV[4] now, RFC 3339 UTC
-- Output: 1 = released, 0 = the lease was lost (nothing changed). Error reply when KEYS[3] is not the job's queue.
local prefix, id = ARGV[1], ARGV[2]
if not holds_lease(KEYS[2], KEYS[1], id, ARGV[3]) then return 0 end
local route = (redis.call('HGET', KEYS[1], 'routing_key') or 'default')
local priority = redis.call('HGET', KEYS[1], 'priority')
if placement_error(prefix, id, route, priority) ~= nil or queue_key(prefix, route, priority) ~= KEYS[3] then
  return redis.error_reply('release: ' .. KEYS[3] .. ' is not the queue of ' .. KEYS[1])
end
redis.call('ZREM', KEYS[2], id)
local attempts = to_int(redis.call('HGET', KEYS[1], 'attempts')) or 1
if attempts < 1 then attempts = 1 end
redis.call('HSET', KEYS[1], 'status', 'pending', 'attempts', tostring(attempts - 1), 'updated_at', ARGV[4])
redis.call('HDEL', KEYS[1], 'worker_id', 'lease_token')
push_queue(prefix, KEYS[3], route, id, true)
return 1
