-- The queue overview in one call (read only): per route its three queue depths, its dead list length and paused flag,
-- then the global scheduled, processing and dead counts. Cost O(routes).
-- Input:
--   KEYS[1] {prefix}:routes SET   KEYS[2] {prefix}:paused SET   KEYS[3] {prefix}:queue:scheduled ZSET
--   KEYS[4] {prefix}:queue:leases ZSET   KEYS[5] {prefix}:queue:dead LIST
--   ARGV[1] prefix
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): each route's queues
-- {prefix}:route:{route}:queue:{high|normal|low} and dead list {prefix}:route:{route}:dead.
-- Output: { scheduled, processing, dead, { route, high, normal, low, dead, paused (1|0) }, … } for every route in
--   KEYS[1] or KEYS[2] (a paused route may have no job yet), unordered. A key of another type counts as 0.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix = ARGV[1]
local function card(key, kind)
  local t = redis.call('TYPE', key)['ok']
  if t ~= kind then return 0 end
  if kind == 'list' then return redis.call('LLEN', key) end
  if kind == 'zset' then return redis.call('ZCARD', key) end
  return redis.call('SCARD', key)
end
local function members(key)
  if redis.call('TYPE', key)['ok'] ~= 'set' then return {} end
  return redis.call('SMEMBERS', key)
end
local routes, paused = {}, {}
for _, r in ipairs(members(KEYS[1])) do routes[r] = true end
for _, r in ipairs(members(KEYS[2])) do routes[r] = true; paused[r] = true end
local out = { card(KEYS[3], 'zset'), card(KEYS[4], 'zset'), card(KEYS[5], 'list') }
for r, _ in pairs(routes) do
  if valid_route(r) then
    out[#out + 1] = {
      r,
      card(queue_key(prefix, r, 'high'), 'list'), card(queue_key(prefix, r, 'normal'), 'list'), card(queue_key(prefix, r, 'low'), 'list'),
      card(route_dead_key(prefix, r), 'list'),
      paused[r] and 1 or 0,
    }
  end
end
return out
