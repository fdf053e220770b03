-- Stores and queues a batch of jobs; each job is skipped when its hash already exists (idempotent enqueue).
-- Input:
--   KEYS[1]        {prefix}:routes            SET   routes that ever had a job
--   KEYS[2]        {prefix}:queue:scheduled   ZSET  due jobs, score = Unix seconds
--   KEYS[1+2i]     {prefix}:job:{id}          HASH  job i's record (i = 1..n)
--   KEYS[2+2i]     {prefix}:route:{route}:queue:{priority}  LIST  job i's queue
--   ARGV[1] prefix   ARGV[2] now, RFC 3339 UTC   ARGV[3] now, Unix seconds
--   then per job i: id, route, due time in Unix seconds ('' = now), unique lock ('' = not unique), unique scope
--   (while_queued | while_queued_or_running | for_period, '' when not unique), lock TTL in ms ('' = none), flow ('' = the
--   job has no sequence and no debounce key; else any text: this script then reads seq_lock, debounce_lock,
--   debounce_mode, debounce_ms and payload from the fields), field count m, then m values (field, value, field, value, …)
--   — every field but status, created_at and updated_at, which this script sets.
-- Key built here from ARGV[1] (documented exception in docs/wire-format.md): a unique job's lock
--   {prefix}:unique:{lock}, a STRING holding the id of the job that took it (SET … PX ttl when the job has a bound).
-- Also built here: the admin index of waiting jobs {prefix}:queue:waiting (ZSET); a sequence {prefix}:seq:{lock} (LIST, ids in enqueue order: a job behind a live head is stored with
--   status 'waiting', waiting_on 'seq:{lock}', in no queue); a debounce key {prefix}:debounce:{lock} (STRING, the id of
--   the job that answers to it, PX until a day after its due time).
-- Output: array of n replies: 1 = stored (pending, scheduled, or waiting behind its sequence), 0 = a job with that id
--   exists, the id of the job holding the unique lock in its scope (a duplicate: nothing stored; unique_blocks in
--   _common.lua), or { 'replaced', id } when a job with the same debounce key that has not started took this job's
--   payload (debounce: and a due time pushed back to the window from now; nothing stored).
--   Error reply 'WRONGTYPE <key> holds a <type>, not a <type>; nothing was changed' when KEYS[1], KEYS[2] or a queue
--   key holds another type: checked before the first write, so a refused batch stored none of its jobs. Error reply
--   'NOPERM Redis refused <key> (<error>); nothing was changed' when a key built here (a unique lock, a sequence, a
--   debounce key) may not be written by this caller (an ACL), found by a write that changes nothing before the first.
-- Publishes: {prefix}:notify:{route} with the route when a queue goes from empty to non-empty;
--   {prefix}:queue:scheduled:notify once when the batch scheduled a job.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, now_iso, now_score = ARGV[1], ARGV[2], tonumber(ARGV[3])
-- Every key written below is type checked first, so a key of another type refuses the whole batch before any write
-- (a WRONGTYPE mid-script would leave the jobs before it stored while the caller gets an error). A job key of any type
-- counts as existing.
local wrong = wrong_type(KEYS[1], 'set') or wrong_type(KEYS[2], 'zset')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
-- The flow-control fields of job i's field list (only when its flow argument says it has some).
local FLOW_FIELDS = { seq_lock = true, debounce_lock = true, debounce_mode = true, debounce_ms = true, payload = true }
local function flow_fields(first, m)
  local f = {}
  for j = first, first + m - 2, 2 do
    if FLOW_FIELDS[ARGV[j]] then f[ARGV[j]] = ARGV[j + 1] end
  end
  return f
end
local a = 4
for i = 1, (#KEYS - 2) / 2 do
  wrong = wrong_type(KEYS[2 + 2 * i], 'list')
  -- The keys built here (a unique lock, a sequence, a debounce key): of the right type, and writable by this caller (an
  -- ACL may allow the declared keys and refuse these: found here, before the batch's first write, not after it).
  local built = {}
  if ARGV[a + 3] ~= '' then built[#built + 1] = { unique_key(prefix, ARGV[a + 3]), 'string' } end
  if ARGV[a + 6] ~= '' then
    local f = flow_fields(a + 8, tonumber(ARGV[a + 7]))
    if f.seq_lock then built[#built + 1] = { seq_key(prefix, f.seq_lock), 'list' } end
    if f.debounce_lock then built[#built + 1] = { debounce_key(prefix, f.debounce_lock), 'string' } end
  end
  for _, k in ipairs(built) do
    if wrong == nil then wrong = wrong_type(k[1], k[2]) end
    if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
    local denied = write_refused(k[1], k[2], now_iso)
    if denied ~= nil then return redis.error_reply('NOPERM Redis refused ' .. k[1] .. ' (' .. denied .. '); nothing was changed') end
  end
  if wrong ~= nil then return refuse('WRONGTYPE', wrong) end
  a = a + 8 + tonumber(ARGV[a + 7])
end
local now_ms = iso_ms(now_iso)

-- A debounce or replace: the job holding the key takes the new payload when it has not started (debounce: when it is
-- scheduled or waiting, and its due time moves to the window from now; replace: when it is pending, scheduled or
-- waiting, its due time kept). True when it did; false to store the new job. The holder's key is built here and written
-- by pcall first, so a refusal (an ACL) stores the new job instead of failing.
local function absorb(holder, f)
  local job = job_key(prefix, holder)
  if redis.call('TYPE', job)['ok'] ~= 'hash' or f.payload == nil then return false end
  local status = redis.call('HGET', job, 'status')
  local debounce = f.debounce_mode ~= 'replace'
  if not (status == 'scheduled' or status == 'waiting' or (not debounce and status == 'pending')) then return false end
  local written = redis.pcall('HSET', job, 'payload', f.payload, 'updated_at', now_iso)
  if type(written) == 'table' and written.err then return false end
  local window = to_int(f.debounce_ms)
  if debounce and window ~= nil and now_ms ~= nil then
    local due = now_ms + window
    redis.call('HSET', job, 'scheduled_for', ms_iso(due))
    if status == 'scheduled' then redis.call('ZADD', KEYS[2], string.format('%.3f', due / 1000), holder) end
  end
  return true
end
local out = {}
a = 4
local scheduled_any = false
local routes_added = {}
-- Ids to push per queue, in batch order; one LPUSH per queue at the end keeps FIFO order within the batch.
local pushes, queue_route, queue_order = {}, {}, {}
for i = 1, (#KEYS - 2) / 2 do
  local job, queue = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local id, route, due, lock, scope, lock_ttl, m = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], tonumber(ARGV[a + 7])
  local first = a + 8
  local f = ARGV[a + 6] ~= '' and flow_fields(first, m) or nil
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
  if out[i] == nil and f and f.debounce_lock and redis.call('EXISTS', job) == 0 then
    local holder = redis.call('GET', debounce_key(prefix, f.debounce_lock))
    if holder and holder ~= id and absorb(holder, f) then out[i] = { 'replaced', holder } end
  end
  if out[i] ~= nil then
    -- a duplicate of a unique job, or a debounce/replace absorbed by a waiting job: nothing stored
  elseif redis.call('EXISTS', job) == 1 then
    out[i] = 0
  else
    local is_scheduled = due ~= '' and tonumber(due) > now_score
    -- A sequence: the job joins its list; behind a live head it waits (a stale head, whose job is gone or finished, is
    -- dropped first, so a lost release never blocks a sequence).
    local behind = false
    if f and f.seq_lock then
      local skey = seq_key(prefix, f.seq_lock)
      if redis.call('RPUSH', skey, id) > 1 then
        for _ = 1, 100 do
          local head = redis.call('LINDEX', skey, 0)
          if head == id or not seq_head_stale(prefix, head) then break end
          redis.call('LPOP', skey)
        end
        behind = redis.call('LINDEX', skey, 0) ~= id
      end
    end
    local fields = {}
    for j = first, first + m - 1 do fields[#fields + 1] = ARGV[j] end
    fields[#fields + 1] = 'status'
    fields[#fields + 1] = behind and 'waiting' or (is_scheduled and 'scheduled' or 'pending')
    if behind then
      fields[#fields + 1] = 'waiting_on'
      fields[#fields + 1] = 'seq:' .. f.seq_lock
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
    if f and f.debounce_lock then
      local hold_ms = 86400000
      if is_scheduled and now_ms ~= nil then hold_ms = hold_ms + math.max(0, math.ceil(tonumber(due) * 1000 - now_ms)) end
      redis.call('SET', debounce_key(prefix, f.debounce_lock), id, 'PX', hold_ms)
    end
    if behind then
      -- waits for its turn: queued (or scheduled) by release_gates when the job ahead of it leaves the sequence
      note_waiting(prefix, id, now_iso) -- admin: the waiting index
    elseif is_scheduled then
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
