-- Stores and queues a batch of jobs; each job is skipped when its hash already exists (idempotent enqueue).
-- Input:
--   KEYS[1]        {prefix}:routes            SET   routes that ever had a job
--   KEYS[2]        {prefix}:queue:scheduled   ZSET  due jobs, score = Unix seconds
--   KEYS[1+2i]     {prefix}:job:{id}          HASH  job i's record (i = 1..n)
--   KEYS[2+2i]     {prefix}:route:{route}:queue:{priority}  LIST  job i's queue
--   ARGV[1] prefix   ARGV[2] now, RFC 3339 UTC   ARGV[3] now, Unix seconds
--   then per job i: id, route, due time in Unix seconds ('' = now), unique lock ('' = not unique), unique scope
--   (while_queued | while_queued_or_running | for_period, '' when not unique), lock TTL in ms ('' = none), field count m,
--   then m values (field, value, field, value, …) — every field but status, created_at and updated_at, which this
--   script sets.
-- Key built here from ARGV[1] (documented exception in docs/wire-format.md): a unique job's lock
--   {prefix}:unique:{lock}, a STRING holding the id of the job that took it (SET … PX ttl when the job has a bound).
-- Output: array of n replies: 1 = stored and queued (pending or scheduled), 0 = a job with that id exists, or the id of
--   the job holding the unique lock in its scope (a duplicate: nothing stored; unique_blocks in _common.lua).
--   Error reply 'WRONGTYPE <key> holds a <type>, not a <type>; nothing was changed' when KEYS[1], KEYS[2] or a queue
--   key holds another type: checked before the first write, so a refused batch stored none of its jobs.
-- Publishes: {prefix}:notify:{route} with the route when a queue goes from empty to non-empty;
--   {prefix}:queue:scheduled:notify once when the batch scheduled a job.
local prefix, now_iso, now_score = ARGV[1], ARGV[2], tonumber(ARGV[3])
-- Every key written below is type checked first, so a key of another type refuses the whole batch before any write
-- (a WRONGTYPE mid-script would leave the jobs before it stored while the caller gets an error). A job key of any type
-- counts as existing.
local wrong = wrong_type(KEYS[1], 'set') or wrong_type(KEYS[2], 'zset')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
local a = 4
for i = 1, (#KEYS - 2) / 2 do
  wrong = wrong_type(KEYS[2 + 2 * i], 'list')
  if wrong == nil and ARGV[a + 3] ~= '' then wrong = wrong_type(unique_key(prefix, ARGV[a + 3]), 'string') end
  if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
  a = a + 7 + tonumber(ARGV[a + 6])
end
local out = {}
a = 4
local scheduled_any = false
local routes_added = {}
-- Ids to push per queue, in batch order; one LPUSH per queue at the end keeps FIFO order within the batch.
local pushes, queue_route, queue_order = {}, {}, {}
for i = 1, (#KEYS - 2) / 2 do
  local job, queue = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local id, route, due, lock, scope, lock_ttl, m = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], tonumber(ARGV[a + 6])
  local first = a + 7
  a = first + m
  local holder = nil
  if lock ~= '' and redis.call('EXISTS', job) == 0 then
    holder = redis.call('GET', unique_key(prefix, lock))
    if holder and holder ~= id and unique_blocks(prefix, holder, scope) then
      out[i] = holder
    else
      holder = nil
      if lock_ttl ~= '' then
        redis.call('SET', unique_key(prefix, lock), id, 'PX', lock_ttl)
      else
        redis.call('SET', unique_key(prefix, lock), id)
      end
    end
  end
  if out[i] ~= nil then
    -- a duplicate of a unique job: nothing stored
  elseif redis.call('EXISTS', job) == 1 then
    out[i] = 0
  else
    local is_scheduled = due ~= '' and tonumber(due) > now_score
    local fields = {}
    for j = first, first + m - 1 do fields[#fields + 1] = ARGV[j] end
    fields[#fields + 1] = 'status'
    fields[#fields + 1] = is_scheduled and 'scheduled' or 'pending'
    fields[#fields + 1] = 'created_at'
    fields[#fields + 1] = now_iso
    fields[#fields + 1] = 'updated_at'
    fields[#fields + 1] = now_iso
    redis.call('HSET', job, unpack(fields))
    if not routes_added[route] then
      redis.call('SADD', KEYS[1], route)
      routes_added[route] = true
    end
    if is_scheduled then
      redis.call('ZADD', KEYS[2], due, id)
      scheduled_any = true
    else
      local ids = pushes[queue]
      if not ids then
        ids = {}
        pushes[queue] = ids
        queue_route[queue] = route
        queue_order[#queue_order + 1] = queue
      end
      ids[#ids + 1] = id
    end
    out[i] = 1
  end
end
for _, queue in ipairs(queue_order) do
  local ids = pushes[queue]
  local length = 0
  for s = 1, #ids, 1000 do
    length = redis.call('LPUSH', queue, unpack(ids, s, math.min(#ids, s + 999)))
  end
  -- The queue was empty before when its length is what this batch pushed: wake the route's workers once.
  if length == #ids then notify(prefix .. ':notify:' .. queue_route[queue], queue_route[queue]) end
end
if scheduled_any then notify(prefix .. ':queue:scheduled:notify', 'scheduled') end
return out
