-- Pauses or resumes a route.
-- Input:
--   KEYS[1] {prefix}:paused   SET   routes no worker fetches from
--   ARGV[1] prefix   ARGV[2] route   ARGV[3] '1' pause | '0' resume
-- Output: 1 = changed, 0 = it already was so. Error reply 'WRONGTYPE …; nothing was changed' when KEYS[1] is not a set.
-- Publishes the route on {prefix}:notify:{route} when resumed, so idle workers fetch at once. The wake-up is a hint sent
-- after the write (notify: redis.pcall), so a refused PUBLISH (an ACL without +publish) never fails a resume that happened.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, route = ARGV[1], ARGV[2]
local wrong = wrong_type(KEYS[1], 'set')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
if ARGV[3] == '1' then return redis.call('SADD', KEYS[1], route) end
local removed = redis.call('SREM', KEYS[1], route)
if removed == 1 then notify(prefix .. ':notify:' .. route, route) end
return removed
