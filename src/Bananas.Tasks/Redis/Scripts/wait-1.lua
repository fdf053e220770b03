-- Marks a job as waited for, atomically with its status check, so its completion publishes a wake-up.
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH
-- Output: 'finished' (status completed or failed: the outcome can be read now; nothing written) | 'marked'
--   (notify_result = '1' set: the transition that finishes it publishes 'ready' on {prefix}:result:notify:{id}) |
--   'missing' (no record, or a key of another type: nothing written; the waiter polls for it).
-- Why atomic: a completion that runs before this script is seen as 'finished'; one that runs after it sees the mark.
-- Either way the waiter, which subscribed before calling this, cannot miss it.
if redis.call('TYPE', KEYS[1])['ok'] ~= 'hash' then return 'missing' end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'completed' or status == 'failed' then return 'finished' end
if status == false then return 'missing' end
redis.call('HSET', KEYS[1], 'notify_result', '1')
return 'marked'
