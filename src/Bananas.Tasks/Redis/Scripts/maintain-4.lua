-- One maintenance round of a worker: promotes due scheduled jobs, recovers expired leases, and says when the next
-- round is needed, so an idle worker sleeps instead of polling.
-- Input:
--   KEYS[1] {prefix}:queue:scheduled   ZSET  score = due time, Unix seconds
--   KEYS[2] {prefix}:queue:leases      ZSET  score = lease deadline, Unix ms (lease clock)
--   KEYS[3] {prefix}:queue:dead        LIST
--   KEYS[4] {prefix}:instance          STRING  the marker the start-up check wrote (the dataset check)
--   ARGV[1] prefix   ARGV[2] now, Unix seconds   ARGV[3] now on the lease clock, Unix ms, or '' = Redis's TIME (lease_clock)   ARGV[4] now, RFC 3339 UTC
--   ARGV[5] most jobs per step   ARGV[6] result TTL, ms
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): those of promote-3.lua and recover-2.lua.
-- Output: { promoted, recovered, next due (score of the earliest scheduled job, '' when none), earliest lease deadline
--   (Unix ms, '' when none), 1 when KEYS[4] exists else 0,
--   the lease clock's now used (Unix ms: the caller measures the wait for the next deadline from it), refused key,
--   refused error ('' and '': the first refusal of either step, an ACL on a key built here; see promote-3.lua) }.
--   Error reply 'WRONGTYPE …; nothing was changed' when KEYS[1] or KEYS[2] is not a ZSET or KEYS[3] not a LIST:
--   checked before the first write, so the script never fails part-way.
-- Each step is promote-3.lua's or recover-2.lua's (promote_due, recover_expired in _common.lua): atomic, so concurrent
-- rounds in many processes never queue or recover a job twice.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local wrong = wrong_type(KEYS[1], 'zset') or wrong_type(KEYS[2], 'zset') or wrong_type(KEYS[3], 'list')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
local most = tonumber(ARGV[5])
local promoted, refused_promote = promote_due(ARGV[1], KEYS[1], KEYS[3], KEYS[2], ARGV[2], ARGV[4], most, ARGV[6])
local now_ms = lease_clock(ARGV[3])
local recovered, refused_recover = recover_expired(ARGV[1], KEYS[2], KEYS[3], now_ms, ARGV[4], most, ARGV[6])
local next_due = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2] or ''
local next_lease = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')[2] or ''
local refused = refused_promote or refused_recover or { '', '' }
return { promoted, recovered, next_due, next_lease, redis.call('EXISTS', KEYS[4]), tostring(now_ms), refused[1], refused[2] }
