-- Stores a leased job's latest progress report and publishes it (docs/progress.md).
-- Input:
--   KEYS[1] {prefix}:job:{id}   HASH   KEYS[2] {prefix}:queue:leases   ZSET
--   ARGV[1] prefix   ARGV[2] id   ARGV[3] lease token   ARGV[4] progress, JSON text (the engine checked it: at most 4 KiB)
--   ARGV[5] now, RFC 3339 UTC
-- Channel built here from ARGV[1]: {prefix}:progress:{id}, message = ARGV[4] (a hint: pcall, never fails the call).
-- Output: 1 = stored (fields progress and progress_at replaced; updated_at is left as it is: no state changed),
--   0 = the lease was lost (nothing changed).
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, id = ARGV[1], ARGV[2]
if not holds_lease(KEYS[2], KEYS[1], id, ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'progress', ARGV[4], 'progress_at', ARGV[5])
notify(prefix .. ':progress:' .. id, ARGV[4])
return 1
