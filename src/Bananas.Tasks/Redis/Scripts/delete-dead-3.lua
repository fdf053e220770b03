-- Deletes a dead job: its id from the dead list, its record and its result.
-- Input:
--   KEYS[1] {prefix}:queue:dead   LIST   KEYS[2] {prefix}:job:{id}   HASH   KEYS[3] {prefix}:result:{id}   HASH
--   ARGV[1] id
-- Output: 1 = deleted, 0 = not in the dead list (nothing changed).
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3])
return 1
