-- Reads one page of an admin listing (read only). The indexes are read in the order given, each from its consumer or
-- newest end, starting at an offset into the first; a page costs O(offset + entries examined), whatever the index size.
-- Input:
--   KEYS[1] … KEYS[k]  indexes of one kind, in listing order: LISTs (route queues, dead lists) or ZSETs (scheduled, leases,
--               recently completed/failed)
--   ARGV[1] prefix
--   ARGV[2] kind: 'tail' LIST from the right (a route queue in fetch order: RPOP is the consumer end)
--                 'head' LIST from the left (a dead list, newest first)
--                 'zasc' ZSET by score, lowest first (due time, lease deadline)
--                 'zdesc' ZSET by score, highest first (recently finished, newest first)
--   ARGV[3] offset into KEYS[1]   ARGV[4] most jobs on the page
--   ARGV[5] most index entries examined   ARGV[6] task name filter ('' = none)   ARGV[7] route filter ('' = none)
--   ARGV[8] … the record fields a listing reads (JobHashCodec.RecordFields), 'name' and 'routing_key' among them
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): {prefix}:job:{id} of each id read.
-- Output: { next key (1-based, 0 = every index exhausted), next offset into it, entries examined,
--           { id, score or '', { value of ARGV[8], value of ARGV[9], … } (false = absent) }, … }.
-- Ids without a record (no key, or a key of another type) are examined but not returned.
-- Cost per entry examined: one HMGET of the record fields (filtered: one HMGET of name and routing_key, and one of
-- the record fields for a match); only the named fields travel, whatever else the hash holds.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, kind = ARGV[1], ARGV[2]
local offset, limit, budget = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local task, route = ARGV[6], ARGV[7]
local filtered = task ~= '' or route ~= ''
local fields = {}
for i = 8, #ARGV do fields[#fields + 1] = ARGV[i] end

-- The record fields of a job hash; nil when it is no record (no key, or a key of another type: HMGET refuses it, and
-- redis.pcall turns the refusal into a value). A hash holding none of the fields is still a record (a broken one).
local function read_record(job)
  local values = redis.pcall('HMGET', job, unpack(fields))
  if values.err then return nil end
  for i = 1, #values do
    if values[i] then return values end
  end
  if redis.call('EXISTS', job) == 1 then return values end
  return nil
end
if not filtered then budget = limit end
local items = {}
local scanned = 0
local k = 1
while k <= #KEYS do
  if #items >= limit or scanned >= budget then break end
  local key = KEYS[k]
  local want = math.min(budget - scanned, filtered and 100 or limit - #items)
  local ids, scores = {}, {}
  if kind == 'tail' then
    local raw = redis.call('LRANGE', key, -(offset + want), -(offset + 1))
    for i = #raw, 1, -1 do ids[#ids + 1] = raw[i] end
    -- LRANGE clamps a start beyond the head: when fewer than asked came back, the list ends here
  elseif kind == 'head' then
    ids = redis.call('LRANGE', key, offset, offset + want - 1)
  else
    local raw
    if kind == 'zasc' then raw = redis.call('ZRANGE', key, offset, offset + want - 1, 'WITHSCORES')
    else raw = redis.call('ZREVRANGE', key, offset, offset + want - 1, 'WITHSCORES') end
    for i = 1, #raw, 2 do ids[#ids + 1] = raw[i]; scores[#ids] = raw[i + 1] end
  end
  local stopped = false
  for i = 1, #ids do
    if #items >= limit then stopped = true; break end
    local id = ids[i]
    local job = job_key(prefix, id)
    scanned = scanned + 1
    offset = offset + 1
    local match = true
    if filtered then
      local f = redis.pcall('HMGET', job, 'name', 'routing_key')
      if f.err or (task ~= '' and f[1] ~= task) or (route ~= '' and (f[2] or 'default') ~= route) then match = false end
    end
    if match then
      local record = read_record(job)
      if record then items[#items + 1] = { id, scores[i] or '', record } end
    end
  end
  if not stopped and #ids < want then
    k = k + 1
    offset = 0
  end
end
-- Skip indexes with nothing left at the position, so the last page says so (no empty page after it).
local function has_entry(key, at)
  if kind == 'tail' then return redis.call('LINDEX', key, -(at + 1)) ~= false end
  if kind == 'head' then return redis.call('LINDEX', key, at) ~= false end
  return #redis.call('ZRANGE', key, at, at) > 0
end
while k <= #KEYS and not has_entry(KEYS[k], offset) do
  k = k + 1
  offset = 0
end
local out = { k <= #KEYS and k or 0, offset, scanned }
for i = 1, #items do out[#out + 1] = items[i] end
return out
