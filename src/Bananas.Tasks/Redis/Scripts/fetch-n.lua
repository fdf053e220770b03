-- Leases up to ARGV[6] jobs: routes in the given order, within a route high, normal, low; FIFO within a queue.
-- Input:
--   KEYS[1]        {prefix}:queue:leases   ZSET  in-flight ids, score = lease deadline (Unix ms, lease clock)
--   KEYS[2]        {prefix}:queue:dead     LIST  dead-lettered ids
--   KEYS[3r..3r+2] {prefix}:route:{route r}:queue:high|normal|low  LISTs, r = 1..routes
--   ARGV[1] prefix   ARGV[2] now, RFC 3339 UTC   ARGV[3] lease deadline: Unix ms, or '+n' = n ms after Redis's TIME (lease_clock)   ARGV[4] lease token
--   ARGV[5] worker id   ARGV[6] most jobs in total   ARGV[7] result TTL, ms   ARGV[8] largest payload handed out, bytes
--   then per route r: route name, most jobs from that route
-- Keys built here from ARGV[1] (documented exception in docs/wire-format.md): a concurrency gate {prefix}:{conc_key}, its
-- :waiting list, the admin index {prefix}:queue:waiting and the keys of jobs woken from it (conc_admit; release_gates in _common.lua); {prefix}:rate:{bucket} (or, for a route's bucket, rate_scope 'route', {prefix}:{rate_bucket} = {prefix}:route:{route}:rate[:sha]) and
-- {prefix}:queue:scheduled (a rate-limited job waiting for its slot; rate_defer); {prefix}:job:{id}
-- of the ids popped, which cannot be known before the pop; {prefix}:paused (routes not served,
-- read before any write); {prefix}:route:{route}:dead and {prefix}:queue:failed (admin indexes of dead_letter).
-- Output: { jobs, notes }. jobs: the leased jobs, each { id, route, { field, value, … } } — the hash after the update
--   without the fields the caller knows (FETCH_KNOWN: id, status, started_at, updated_at, lease_token, worker_id; and a
--   spent rate_slot): it fills status processing, started_at = updated_at = ARGV[2] and worker_id = ARGV[5] itself.
--   notes: what was skipped or dropped, each { kind, key, detail }: kind 'wrong_type_queue' (a route queue key that
--   holds another type than a LIST: not popped, left as it is), 'wrong_type_job' (a popped id whose job key holds
--   another type than a HASH: dropped from the queue, the key left as it is; it cannot be dead-lettered as a hash),
--   'duplicate_entry' (key = the queue; a popped id whose job is completed, failed, or processing under a lease held now — the same
--   id queued twice, a finished job's id pushed again: dropped, never run; detail starts with completed | failed |
--   leased).
--   Error reply 'WRONGTYPE …; nothing was changed' when KEYS[1] is not a ZSET or KEYS[2] not a LIST: every key is
--   type checked before it is written, so the script never fails part-way. A popped id
--   whose hash is missing is dead-lettered with a minimal failed record (error_type MissingJobRecord) and not returned.
--   A popped id the client would never write (id_problem: not UTF-8, whitespace or control characters, empty, more
--   than 128 characters) is dead-lettered (error_type MalformedJobRecord, naming the id) and not returned.
--   A hash with malformed fields is leased anyway (the caller reports the decode error and fails it).
--   A payload longer than ARGV[8] bytes (a foreign producer, a client with a higher limit) is dead-lettered
--   (error_type PayloadTooLarge, naming its size and the limit; note 'payload_too_large') and not returned: its bytes
--   never cross the network.
--   A command Redis refuses for another reason than the key type (an ACL: NOPERM on a job key or on KEYS[1]) takes
--   nothing more: the popped ids not leased go back to the consumer end of their queue in their order, and note
--   'refused' names the key and the error; the jobs leased before it run. A job over its concurrency limit is not returned:
--   it waits at its gate (conc_admit). Note 'concurrency_limit_skipped': a gate key of another type; the job ran anyway.
--   At most MAX_HELD (1000) jobs are held back by gates (parked or rate-deferred) per call: then the call stops, the ids it
--   popped and did not reach go back to the consumer end in their order, and it returns what it leased so far. Nothing popped is ever lost. (A declared key
--   the ACL refuses refuses the whole call before it runs.)
-- Cost: one RPOP with a count per queue visited (Redis 6.2+), one HGETALL and one HSET per job, one ZADD for all leases,
-- and per call a TYPE of KEYS[1] and KEYS[2] and one SMISMEMBER of the paused routes. Key types are checked by pcall
-- where a refused command writes nothing (RPOP of a queue, HGETALL of a job): TYPE runs only to word the note.
-- Refused with 'TRYAGAIN …' before anything is read or written while the prefix's cluster slot is being migrated (cluster_unstable).
if cluster_unstable(ARGV[1]) then return refuse_migrating(ARGV[1]) end -- a cluster slot in migration: TRYAGAIN, nothing done
local prefix, now_iso, deadline, token, worker = ARGV[1], ARGV[2], lease_clock(ARGV[3]), ARGV[4], ARGV[5]
local max_jobs, ttl_ms, max_payload = tonumber(ARGV[6]), ARGV[7], tonumber(ARGV[8])
local priorities = { 'high', 'normal', 'low' }
local out = {}
local notes = {}
local leases = {}
local leased_here = {}
local wrong = wrong_type(KEYS[1], 'zset') or wrong_type(KEYS[2], 'list')
if wrong ~= nil then return refuse('WRONGTYPE', wrong) end

-- Set when a command on a job key was refused (an ACL, e.g. NOPERM): the rest of the popped ids go back, none is lost.
local refused = nil

-- Jobs a flow-control gate held back in this call (parked at a concurrency limit, deferred by a rate limit). A backlog of
-- gated jobs would otherwise be walked whole by one call (a million parked in one script, Redis blocked meanwhile): at
-- MAX_HELD the call stops, the ids it popped and did not look at go back, and it returns what it leased. The next fetch
-- goes on from there.
local MAX_HELD = 1000
local held = 0

-- Rate limits (docs/flow-control.md "Rate limits"): GCRA, one STRING per bucket, {prefix}:rate:{bucket} = the
-- theoretical arrival time (Unix ms, engine clock). Starts are spaced period / limit apart with a burst of up to limit.
-- A job over its limit reserves the next free slot (the bucket moves on by one spacing) and waits for it in the
-- scheduled set, its attempt not counted; the fetch at or after its slot runs it without taking another. So a waiting job
-- costs one deferral, never a busy loop. Returns true when deferred, false to lease it now, 'refused' when Redis refused
-- the job key (nothing written for it). A bucket or scheduled key of another type skips the limit for this job (note
-- 'rate_limit_skipped'): the job runs rather than being lost.
-- The fields a fetch reply leaves out: the caller knows them (lease).
local FETCH_KNOWN = { id = true, status = true, started_at = true, updated_at = true, lease_token = true, worker_id = true, rate_slot = true }
local RATE_FIELDS = { rate_bucket = true, rate_limit = true, rate_period_ms = true, rate_slot = true, rate_scope = true, conc_key = true, conc_limit = true }
local scheduled_key = prefix .. ':queue:scheduled'
local now_ms = iso_ms(now_iso)
local function rate_defer(job, id, rate)
  local limit, period = to_int(rate.rate_limit), to_int(rate.rate_period_ms)
  if limit == nil or period == nil or limit < 1 or period < 1 or now_ms == nil then return false end
  -- a route's bucket (rate_scope 'route') is among the route's keys: {prefix}:route:{route}:rate[:sha]
  local key = rate.rate_scope == 'route' and (prefix .. ':' .. rate.rate_bucket) or (prefix .. ':rate:' .. rate.rate_bucket)
  local spacing = period / limit
  local stored = redis.pcall('GET', key)
  if type(stored) == 'table' then
    notes[#notes + 1] = { 'rate_limit_skipped', key, key .. ': ' .. stored.err .. '; job ' .. id .. ' ran without its rate limit' }
    return false
  end
  local tat = tonumber(stored) or now_ms
  if tat < now_ms then tat = now_ms end
  local allow_at = tat - (period - spacing)
  local next_tat = tat + spacing
  local ttl = math.ceil(next_tat - now_ms + period)
  local set = redis.pcall('SET', key, string.format('%.3f', next_tat), 'PX', ttl)
  if type(set) == 'table' and set.err then
    notes[#notes + 1] = { 'rate_limit_skipped', key, key .. ': ' .. set.err .. '; job ' .. id .. ' ran without its rate limit' }
    return false
  end
  if allow_at <= now_ms then return false end
  local slot = math.ceil(allow_at)
  local added = redis.pcall('ZADD', scheduled_key, slot / 1000, id)
  if type(added) == 'table' and added.err then
    notes[#notes + 1] = { 'rate_limit_skipped', scheduled_key, scheduled_key .. ': ' .. added.err .. '; job ' .. id .. ' ran without waiting for its rate limit' }
    return false
  end
  local written = redis.pcall('HSET', job, 'status', 'scheduled', 'scheduled_for', ms_iso(slot), 'rate_slot', tostring(slot), 'updated_at', now_iso)
  if type(written) == 'table' and written.err then
    redis.call('ZREM', scheduled_key, id)
    refused = { job, written.err }
    return 'refused'
  end
  return true
end

-- Concurrency limits (docs/flow-control.md "Concurrency limits"): {prefix}:{conc_key} is a ZSET of the ids running under
-- the limit (score = start, Unix ms). 'run' when a slot is free (the caller takes it with a ZADD once the job is leased);
-- 'parked' when the limit is reached: the job waits (status 'waiting', in the LIST {prefix}:{conc_key}:waiting, its attempt
-- not counted) until a finishing job's release_gates queues it again. At the limit, members that hold no lease any more
-- (a lost release) are dropped first, so slots never leak; a crashed worker's slots come back when recover_expired takes
-- its leases. 'skip' when the gate key holds another type (note 'concurrency_limit_skipped': the job runs without the
-- limit rather than being lost); 'refused' when Redis refused the job key (nothing written for it).
local function conc_admit(job, id, conc, limit)
  local key = prefix .. ':' .. conc
  local n = redis.pcall('ZCARD', key)
  if type(n) == 'table' then
    notes[#notes + 1] = { 'concurrency_limit_skipped', key, key .. ': ' .. n.err .. '; job ' .. id .. ' ran without its concurrency limit' }
    return 'skip'
  end
  if n >= limit then
    local members = redis.call('ZRANGE', key, 0, -1)
    for s = 1, #members, 1000 do
      local part = redis.call('ZMSCORE', KEYS[1], unpack(members, s, math.min(#members, s + 999)))
      for j = 1, #part do
        local member = members[s + j - 1]
        -- pcall: an ACL that lets this caller read the gate but not write it must not fail the call after earlier leases
        if not part[j] and not leased_here[member] and redis.pcall('ZREM', key, member) == 1 then
          n = n - 1
        end
      end
    end
    -- slots freed beyond the one this job takes go to the jobs waiting longest
    if n < limit - 1 then conc_wake(prefix, key, limit - 1 - n, now_iso) end
  end
  if n < limit then return 'run' end
  local waiting = key .. ':waiting'
  local pushed = redis.pcall('LPUSH', waiting, id)
  if type(pushed) == 'table' then
    notes[#notes + 1] = { 'concurrency_limit_skipped', waiting, waiting .. ': ' .. pushed.err .. '; job ' .. id .. ' ran without its concurrency limit' }
    return 'skip'
  end
  local written = redis.pcall('HSET', job, 'status', 'waiting', 'waiting_on', conc .. ':waiting', 'updated_at', now_iso)
  if type(written) == 'table' and written.err then
    redis.pcall('LREM', waiting, 1, id)
    refused = { job, written.err }
    return 'refused'
  end
  note_waiting(prefix, id, now_iso) -- admin: the waiting index
  return 'parked'
end

-- Leases one popped id: the hash is read once, updated with one HSET, and the copy read is patched the same way
-- for the reply (instead of reading the hash again). False when the record is missing (it is dead-lettered);
-- 'refused' when Redis refused a command on the job key for another reason than its type (nothing was written for it).
local function lease(queue, route, p, id)
  local job = job_key(prefix, id)
  -- pcall: HGETALL on a key of another type returns an error table (no write happened) instead of failing the script.
  local fields = redis.pcall('HGETALL', job)
  if fields.err then
    if string.sub(fields.err, 1, 9) ~= 'WRONGTYPE' then
      refused = { job, fields.err }
      return 'refused'
    end
    local kind = redis.call('TYPE', job)['ok']
    notes[#notes + 1] = { 'wrong_type_job', job, job .. ' holds a ' .. kind .. ', not a hash; its id was dropped from ' .. queue }
    return false
  end
  local bad_id = id_problem(id)
  if bad_id ~= nil or #fields == 0 then
    -- Both branches below write the job key, which this script builds itself: an ACL that lets it read job keys but not
    -- write them would fail the script after its RPOP. A harmless first write by pcall finds out, and writes nothing
    -- when refused.
    local probe = redis.pcall('HSET', job, 'updated_at', now_iso)
    if type(probe) == 'table' and probe.err then
      refused = { job, probe.err }
      return 'refused'
    end
  end
  if bad_id ~= nil then
    -- An id the client would never write (JobId.TryParse refuses it): dead-lettered here, so the reply carries only
    -- ids the caller can read. A missing record gets the minimal one, as below.
    if #fields == 0 then
      redis.call('HSET', job, 'id', id, 'routing_key', route, 'priority', priorities[p], 'attempts', '0', 'max_retries', '0', 'created_at', now_iso)
    end
    dead_letter(prefix, job, KEYS[2], id, id_error(prefix, id, bad_id), 'MalformedJobRecord', now_iso, '0', ttl_ms)
    return false
  end
  if #fields == 0 then
    local err = 'job record missing from Redis when fetched from ' .. queue
    redis.call('HSET', job, 'id', id, 'routing_key', route, 'priority', priorities[p], 'attempts', '0', 'max_retries', '0', 'created_at', now_iso)
    dead_letter(prefix, job, KEYS[2], id, err, 'MissingJobRecord', now_iso, '0', ttl_ms)
    return false
  end
  local attempts_at, payload_bytes
  local rate = {}
  for f = 1, #fields, 2 do
    if fields[f] == 'payload' then payload_bytes = #fields[f + 1]
    elseif RATE_FIELDS[fields[f]] then rate[fields[f]] = fields[f + 1]
    elseif fields[f] == 'status' then
      -- A stale or repeated entry (the same id queued twice, a finished job's id pushed again) must not run the job a
      -- second time: dropped, left as it is. A 'processing' job that holds no lease was stranded: it is leased.
      local status = fields[f + 1]
      local why
      if status == 'completed' or status == 'failed' then why = status
      elseif status == 'processing' and (leased_here[id] or redis.call('ZSCORE', KEYS[1], id) ~= false) then why = 'leased'
      end
      if why ~= nil then
        notes[#notes + 1] = { 'duplicate_entry', queue, why .. ': job ' .. job .. ' is ' .. (why == 'leased' and 'running under a lease' or status) .. '; its entry in ' .. queue .. ' was dropped' }
        return false
      end
    end
  end
  if payload_bytes ~= nil and payload_bytes > max_payload then
    -- Dead-lettering writes the job key: the same harmless first write as above finds out whether it may.
    local probe = redis.pcall('HSET', job, 'updated_at', now_iso)
    if type(probe) == 'table' and probe.err then
      refused = { job, probe.err }
      return 'refused'
    end
    local err = 'payload is ' .. payload_bytes .. ' bytes, over the ' .. max_payload .. '-byte limit (MaxPayloadBytes): it was not sent to a worker; store large data elsewhere and pass a reference, or raise the limit and requeue the job'
    redis.call('HSET', job, 'error_history', error_history_with(job, 'PayloadTooLarge', err, now_iso))
    dead_letter(prefix, job, KEYS[2], id, err, 'PayloadTooLarge', now_iso, '0', ttl_ms)
    notes[#notes + 1] = { 'payload_too_large', job, job .. ': ' .. err }
    return false
  end
  local conc_gate = nil
  local conc_limit = rate.conc_key ~= nil and to_int(rate.conc_limit) or nil
  if conc_limit ~= nil and conc_limit >= 1 then
    local admit = conc_admit(job, id, rate.conc_key, conc_limit)
    if admit == 'refused' then return 'refused' end
    if admit == 'parked' then held = held + 1; return false end
    if admit == 'run' then conc_gate = prefix .. ':' .. rate.conc_key end
  end
  if rate.rate_bucket ~= nil and rate.rate_slot == nil then
    local deferred = rate_defer(job, id, rate)
    if deferred == 'refused' then return 'refused' end
    if deferred then held = held + 1; return false end
  end
  -- The reply carries what the worker does not know already (docs/wire-format.md "Fetch reply"): every field but the
  -- id (in the reply's tuple), the ones this fetch writes and the caller sent (status, started_at, updated_at,
  -- lease_token, worker_id) and a spent rate_slot. attempts is the count after this fetch.
  local reply, n = {}, 0
  for f = 1, #fields, 2 do
    local name = fields[f]
    if not FETCH_KNOWN[name] then
      reply[n + 1] = name
      reply[n + 2] = fields[f + 1]
      n = n + 2
      if name == 'attempts' then attempts_at = n end
    end
  end
  fields = reply
  -- A missing attempts field counts as 0; a malformed one is left as it is (the caller reports the decode error).
  local attempts = 0
  if attempts_at then attempts = to_int(fields[attempts_at]) end
  -- pcall: a refused HSET (an ACL that lets the worker read job keys but not write them) writes nothing.
  local written
  if attempts ~= nil then
    local next_attempts = tostring(attempts + 1)
    if attempts_at then fields[attempts_at] = next_attempts else fields[n + 1] = 'attempts'; fields[n + 2] = next_attempts end
    written = redis.pcall('HSET', job, 'status', 'processing', 'started_at', now_iso, 'updated_at', now_iso, 'lease_token', token, 'worker_id', worker, 'attempts', next_attempts)
  else
    written = redis.pcall('HSET', job, 'status', 'processing', 'started_at', now_iso, 'updated_at', now_iso, 'lease_token', token, 'worker_id', worker)
  end
  if type(written) == 'table' and written.err then
    refused = { job, written.err }
    return 'refused'
  end
  -- A job that waited for the start slot it reserved runs in it: the slot is spent (the same key was just written).
  if rate.rate_slot ~= nil then redis.call('HDEL', job, 'rate_slot') end
  -- Its concurrency slot (checked free above). pcall: a refusal leaves it running without holding one.
  if conc_gate ~= nil then redis.pcall('ZADD', conc_gate, now_ms or 0, id) end
  leases[#leases + 1] = deadline
  leases[#leases + 1] = id
  leased_here[id] = true
  out[#out + 1] = { id, route, fields }
  return true
end

-- Writes the leases gathered so far. KEYS[1] is declared, so an ACL that refuses it refuses the whole call before it
-- runs (nothing written); it was type checked above.
local function flush_leases()
  if #leases > 0 then redis.call('ZADD', KEYS[1], unpack(leases)) end
  leases = {}
end

local routes = (#KEYS - 2) / 3
-- Admin: a paused route ({prefix}:paused, read before any write) is not served.
local route_names = {}
for r = 1, routes do route_names[r] = ARGV[7 + 2 * r] end
local paused = paused_routes(prefix, route_names)
for r = 1, routes do
  if #out >= max_jobs then break end
  local route, route_max = ARGV[7 + 2 * r], tonumber(ARGV[8 + 2 * r])
  local taken = 0
  if paused[route] then route_max = 0 end
  for p = 1, 3 do
    local queue = KEYS[3 * r + p - 1]
    while #out < max_jobs and taken < route_max do
      -- As many ids as may still be taken, in one call: the same ids in the same order as one RPOP each. A missing
      -- record leaves room, so the loop pops again until the queue is empty or the limits are reached.
      -- pcall: RPOP on a key of another type returns an error table (nothing popped): the queue is reported and skipped.
      local ids = redis.pcall('RPOP', queue, math.min(max_jobs - #out, route_max - taken))
      if type(ids) == 'table' and ids.err then
        notes[#notes + 1] = { 'wrong_type_queue', queue, queue .. ' holds a ' .. redis.call('TYPE', queue)['ok'] .. ', not a list; skipped' }
        break
      end
      if not ids then break end
      for i, id in ipairs(ids) do
        local leased = lease(queue, route, p, id)
        if leased == 'refused' then
          -- This id and the ones popped after it go back to the consumer end, in their order: none is lost.
          for j = #ids, i, -1 do redis.call('RPUSH', queue, ids[j]) end
          break
        end
        if leased then taken = taken + 1 end
        if #leases >= 2000 then flush_leases() end
        if held >= MAX_HELD then
          for j = #ids, i + 1, -1 do redis.call('RPUSH', queue, ids[j]) end
          break
        end
      end
      if refused or held >= MAX_HELD then break end
    end
    if refused or held >= MAX_HELD then break end
  end
  if refused or held >= MAX_HELD then break end
end
-- The leases of what was taken before a refusal on a job key are written too: those jobs run.
flush_leases()
if refused ~= nil then
  notes[#notes + 1] = { 'refused', refused[1], 'Redis refused a command on ' .. refused[1] .. ' (' .. refused[2] .. '); the jobs not leased went back to their queue' }
end
return { out, notes }
