-- Takes back jobs whose lease expired (their worker stopped renewing): to the FRONT of their own queue, or to the
-- dead list when that execution was their last allowed one (attempts > max_retries).
-- Input:
--   KEYS[1] {prefix}:queue:leases   ZSET  score = lease deadline, Unix ms (lease clock)
--   KEYS[2] {prefix}:queue:dead     LIST
--   ARGV[1] prefix   ARGV[2] now, Unix ms, or '' = Redis's TIME (lease_clock)   ARGV[3] now, RFC 3339 UTC   ARGV[4] most jobs   ARGV[5] result TTL, ms
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): {prefix}:job:{id}
-- and the job's queue {prefix}:route:{route}:queue:{priority} read from its hash.
-- Output: { how many jobs were recovered (queued again or dead-lettered), refused key, refused error } ('' and '' when
--   nothing was refused: an ACL refusing a job key or its queue, found before that id's first write; that lease and the
--   later ones are left in place); a lease whose key is gone (or is not a hash) is
-- dropped. A hash whose route or priority is unreadable, or whose queue key holds another type than a list, is
-- dead-lettered with that reason added to the error. Error reply 'WRONGTYPE …; nothing was changed' when KEYS[2] is
-- not a list. Every key is type checked before it is written, so the script never fails part-way.
-- Atomic, so concurrent callers in many processes never recover a job twice.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local dead_wrong = wrong_type(KEYS[2], 'list')
if dead_wrong ~= nil then return refuse('WRONGTYPE', dead_wrong) end
local recovered, refused = recover_expired(ARGV[1], KEYS[1], KEYS[2], lease_clock(ARGV[2]), ARGV[3], tonumber(ARGV[4]), ARGV[5])
refused = refused or { '', '' }
return { recovered, refused[1], refused[2] }
