-- Starts a workflow: stores its record and all its steps at once; the steps without parents are queued, the others wait
-- (status 'waiting', waiting_on 'wf:{id}') until their last parent's finishing script queues them (docs/workflows.md).
-- Input:
--   KEYS[1]        {prefix}:routes       SET   routes that ever had a job
--   KEYS[2]        {prefix}:wf:{id}      HASH  the workflow
--   KEYS[1+2i]     {prefix}:job:{id}     HASH  step i's record (i = 1..n)
--   KEYS[2+2i]     {prefix}:route:{route}:queue:{priority}  LIST  step i's queue
--   ARGV[1] prefix   ARGV[2] now, RFC 3339 UTC   ARGV[3] workflow id   ARGV[4] name   ARGV[5] total (steps that are not
--   compensations)   ARGV[6] the final step's id   ARGV[7] the step ids, comma-separated
--   then per step i: id, route, queued now ('1' | '0'), field count m, then m values (field, value, …) — every field
--   but status, waiting_on, created_at and updated_at, which this script sets.
-- Output: 1 started; 0 a workflow with this id exists (nothing changed).
--   Error reply 'EXISTS step <id> is taken by another job; nothing was changed' when a step's key exists (any type);
--   'WRONGTYPE <key> holds a <type>, not a <type>; nothing was changed' when KEYS[1] or a queue key holds another type.
--   Both are checked before the first write, so a refused workflow stored none of its steps.
-- Publishes: {prefix}:notify:{route} with the route when a queue goes from empty to non-empty.
-- Also built here: the admin index of waiting jobs {prefix}:queue:waiting (ZSET; note_waiting in _common.lua).
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, now_iso = ARGV[1], ARGV[2]
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local wrong = wrong_type(KEYS[1], 'set')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
local n = (#KEYS - 2) / 2
local a = 8
for i = 1, n do
  if redis.call('EXISTS', KEYS[1 + 2 * i]) == 1 then
    return redis.error_reply('EXISTS step ' .. ARGV[a] .. ' is taken by another job; nothing was changed')
  end
  wrong = wrong_type(KEYS[2 + 2 * i], 'list')
  if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
  a = a + 4 + tonumber(ARGV[a + 3])
end

redis.call('HSET', KEYS[2], 'status', 'running', 'name', ARGV[4], 'total', ARGV[5], 'done', '0', 'failed', '0',
  'final', ARGV[6], 'steps', ARGV[7], 'created_at', now_iso, 'updated_at', now_iso)
local routes_added = {}
a = 8
for i = 1, n do
  local job, queue = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local id, route, now_queued, m = ARGV[a], ARGV[a + 1], ARGV[a + 2] == '1', tonumber(ARGV[a + 3])
  local fields = {}
  for j = a + 4, a + 3 + m do fields[#fields + 1] = ARGV[j] end
  a = a + 4 + m
  fields[#fields + 1] = 'status'
  fields[#fields + 1] = now_queued and 'pending' or 'waiting'
  if not now_queued then
    fields[#fields + 1] = 'waiting_on'
    fields[#fields + 1] = 'wf:' .. ARGV[3]
  end
  fields[#fields + 1] = 'created_at'
  fields[#fields + 1] = now_iso
  fields[#fields + 1] = 'updated_at'
  fields[#fields + 1] = now_iso
  redis.call('HSET', job, unpack(fields))
  if not routes_added[route] then
    redis.call('SADD', KEYS[1], route)
    routes_added[route] = true
  end
  if now_queued then
    push_queue(prefix, queue, route, id, false)
  else
    note_waiting(prefix, id, now_iso) -- admin: the waiting index
  end
end
return 1
