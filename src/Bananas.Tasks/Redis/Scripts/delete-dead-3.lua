-- Deletes a dead job: its id from the dead list and its record (which holds its outcome).
-- Input:
--   KEYS[1] {prefix}:queue:dead   LIST   KEYS[2] {prefix}:job:{id}   HASH   KEYS[3] {prefix}:result:{id}   HASH (old record format only: deleted if present)
--   ARGV[1] id   ARGV[2] prefix
-- Keys built here from ARGV[2] (documented exception in docs/wire-format.md): the admin indexes the id leaves, the
-- per-route dead list {prefix}:route:{route}:dead (route read from the hash) and {prefix}:queue:failed.
-- Output: 1 = deleted, 0 = not in the dead list (nothing changed).
local id, prefix = ARGV[1], ARGV[2]
local route = nil
if redis.call('TYPE', KEYS[2])['ok'] == 'hash' then route = redis.call('HGET', KEYS[2], 'routing_key') or 'default' end
if redis.call('LREM', KEYS[1], 1, id) == 0 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3])
forget_dead(prefix, route, id)
return 1
