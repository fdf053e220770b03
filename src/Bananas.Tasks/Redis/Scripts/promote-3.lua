-- Moves due scheduled jobs (delayed jobs and retries) to the back of their OWN route/priority queue, earliest due first.
-- Input:
--   KEYS[1] {prefix}:queue:scheduled   ZSET  score = due time, Unix seconds
--   KEYS[2] {prefix}:queue:dead        LIST
--   KEYS[3] {prefix}:queue:leases      ZSET  read only: is a processing job's lease held now
--   ARGV[1] prefix   ARGV[2] now, Unix seconds   ARGV[3] now, RFC 3339 UTC   ARGV[4] most jobs   ARGV[5] result TTL, ms
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): {prefix}:job:{id} of each due id,
-- and the queue {prefix}:route:{route}:queue:{priority} read from that hash.
-- Output: { how many jobs were queued, refused key, refused error } ('' and '' when nothing was refused). A due id whose key is gone (or is not a hash) is dropped from the ZSET, and so is a
-- stale entry, left as it is: a job already completed or failed, or processing under a lease held now (its id was also
-- pushed onto a queue, e.g. by a foreign producer, and it ran or runs from there: queuing it would run it again). A hash
-- whose route or priority is unreadable is dead-lettered (error_type MalformedJobRecord), and one whose queue key holds
-- another type than a list is dead-lettered (error_type WrongTypeQueue), instead of being queued. Error reply
-- 'WRONGTYPE …; nothing was changed' when KEYS[2] is not a list or KEYS[3] not a ZSET. Every key is type checked before it is written, so
-- the script never fails part-way. A command Redis refuses on a key built here for another reason than its type (an ACL:
-- NOPERM on a job or its queue) is found by a harmless write first (write_refused): that id and the later ones are left as
-- they are, and the refused key and error are returned.
-- Atomic, so concurrent callers in many processes never queue a job twice.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local keys_wrong = wrong_type(KEYS[2], 'list') or wrong_type(KEYS[3], 'zset')
if keys_wrong ~= nil then return refuse('WRONGTYPE', keys_wrong) end
local promoted, refused = promote_due(ARGV[1], KEYS[1], KEYS[2], KEYS[3], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5])
refused = refused or { '', '' }
return { promoted, refused[1], refused[2] }
