-- Shared helpers. RedisScripts prepends this file to every other script before it is sent, so the
-- functions below exist in each script's scope. It touches no key by itself: every key comes in as a
-- parameter (KEYS of the calling script, or a job-derived key the calling script documents; job_queue
-- derives a job's queue key from its hash, for the scripts that document it).
-- valid_route and valid_priority copy the C# rules (BananasRules); LuaGrammarAgreementTests runs a table of
-- cases through both.

-- Admin indexes (defined in the block at the end of this file; declared here so dead_letter can call them).
local note_finished, note_dead_letter, paused_routes, forget_dead
-- Flow-control gates (defined in the block at the end of this file; declared here so dead_letter can call them).
local release_gates
-- Workflows (defined in the block at the end of this file; declared here so dead_letter can call them).
local wf_step_failed

local function valid_route(route)
  return type(route) == 'string' and #route >= 1 and #route <= 64 and string.match(route, '^[A-Za-z0-9_%-]+$') ~= nil
end

local function valid_priority(priority)
  return priority == 'high' or priority == 'normal' or priority == 'low'
end

-- The integer a field holds, or nil when it is absent or not a plain integer.
local function to_int(text)
  if type(text) ~= 'string' or string.match(text, '^%-?%d+$') == nil then return nil end
  return tonumber(text)
end

local function queue_key(prefix, route, priority)
  return prefix .. ':route:' .. route .. ':queue:' .. priority
end

local function job_key(prefix, id)
  return prefix .. ':job:' .. id
end

-- The separate result hash of the old record format (before results moved into the job hash): no script writes it
-- any more; scripts that delete a job delete it too, so old records leave nothing behind.
local function legacy_result_key(prefix, id)
  return prefix .. ':result:' .. id
end

-- Publishes a wake-up. PUBLISH is a hint (pub/sub is at most once; every waiter also polls), so a refusal, e.g. an
-- ACL without +publish, must not fail a script that has already written: redis.pcall turns it into a return value.
-- A channel that starts with a hash tag ('{', the cluster layout, docs/wire-format.md "Cluster layout") is a sharded
-- channel: SPUBLISH keeps the message inside the shard that owns the prefix's slot instead of broadcasting it over the
-- whole cluster's bus; the engine subscribes to it with SSUBSCRIBE (RedisKeys.Channel).
local function notify(channel, message)
  if string.byte(channel, 1) == 123 then redis.pcall('SPUBLISH', channel, message) else redis.pcall('PUBLISH', channel, message) end
end

-- A time on the lease clock, Unix ms (docs/wire-format.md "Lease clock"): the text of a number is that time (the engine's
-- own clock, passed in); '' is the Redis server's clock now (TIME), and '+n' is n ms after it. The engine passes ''/'+n'
-- on the system clock, so a lease is measured from when Redis runs the call: a call held on the wire (a stalled or
-- paused client, a partition) cannot write a lease born past its deadline, and hosts' clock skew does not matter.
local function lease_clock(spec)
  if spec ~= '' and string.sub(spec, 1, 1) ~= '+' then return tonumber(spec) end
  local t = redis.call('TIME')
  local us = tonumber(t[1]) * 1000000 + tonumber(t[2])
  if spec == '' then return math.floor(us / 1000) end
  -- a deadline rounds up, so a lease never expires before it
  return math.ceil(us / 1000) + tonumber(string.sub(spec, 2))
end

-- True when the lease ZSET holds the id and the job key is a hash carrying this lease token (the fence). A job key of
-- another type holds no lease (HGET on it would fail the script, perhaps after an earlier write of the same call).
local function holds_lease(leases, job, id, token)
  return redis.call('ZSCORE', leases, id) ~= false and redis.call('TYPE', job)['ok'] == 'hash'
    and redis.call('HGET', job, 'lease_token') == token
end

-- Wakes whoever waits for this job's result, only when a waiter marked the job (field notify_result = '1', set by
-- wait-1.lua or at enqueue): a completion nobody waits for publishes nothing.
local function notify_result(prefix, id, marked)
  if marked == '1' then notify(prefix .. ':result:notify:' .. id, 'ready') end
end

-- Unique jobs (docs/flow-control.md "Unique jobs"). The lock {prefix}:unique:{lock} holds the id of the job that took it;
-- whether it still blocks an enqueue is read from that job's status (unique_blocks), so a lock whose job moved out of the
-- scope needs no release to be free. Finishing a job (completed, dead, cancelled) deletes its lock when it still names
-- it, so locks do not outlive their jobs; a ForPeriod lock runs out by its TTL only. pcall: a lock key of another type,
-- or one an ACL refuses, is left as it is (an enqueue refuses a wrong-type lock before any write).
local function unique_key(prefix, lock)
  return prefix .. ':unique:' .. lock
end

local function release_unique(prefix, id, lock, scope)
  if type(lock) ~= 'string' or lock == '' or scope == 'for_period' then return end
  local key = unique_key(prefix, lock)
  if redis.pcall('GET', key) == id then redis.pcall('DEL', key) end
end

-- Whether the job holding a lock still blocks a new job of this scope: for_period while the lock exists; while_queued
-- while it is pending, scheduled or waiting at a flow-control gate (a retry waiting counts); while_queued_or_running also while it is processing.
local function unique_blocks(prefix, holder, scope)
  if scope == 'for_period' then return true end
  local kind = redis.call('TYPE', job_key(prefix, holder))['ok']
  if kind ~= 'hash' then return false end
  local status = redis.call('HGET', job_key(prefix, holder), 'status')
  return status == 'pending' or status == 'scheduled' or status == 'waiting' or (scope == 'while_queued_or_running' and status == 'processing')
end

-- Marks the job failed for good and pushes it onto the dead list (newest first). The outcome lives in the job hash
-- (status, error, error_type, completed_at, duration_ms): no second record; a dead job has no TTL (it stays until it is
-- requeued or deleted). Wakes a marked waiter.
local function dead_letter(prefix, job, dead, id, err, err_type, now_iso, duration_ms, ttl_ms)
  redis.call('HSET', job, 'status', 'failed', 'error', err, 'error_type', err_type, 'completed_at', now_iso, 'updated_at', now_iso, 'duration_ms', duration_ms)
  redis.call('HDEL', job, 'worker_id', 'lease_token')
  redis.call('LPUSH', dead, id)
  note_dead_letter(prefix, job, id, now_iso, ttl_ms)
  local u = redis.call('HMGET', job, 'notify_result', 'unique_lock', 'unique_scope', 'conc_key', 'seq_lock', 'seq_hold')
  release_unique(prefix, id, u[2], u[3])
  release_gates(prefix, id, u[4], u[5], u[6], 'dead', now_iso)
  notify_result(prefix, id, u[1])
  wf_step_failed(prefix, job, id, now_iso, ttl_ms) -- a workflow step: its failure policy decides what follows
end

-- Pushes an id onto a route queue (front = the consumer's end, taken next) and publishes the route's
-- wake-up when the queue went from empty to non-empty.
local function push_queue(prefix, queue, route, id, front)
  local length
  if front then length = redis.call('RPUSH', queue, id) else length = redis.call('LPUSH', queue, id) end
  if length == 1 then notify(prefix .. ':notify:' .. route, route) end
end

-- "field 'x' has value 'v'" or "field 'x' is missing", for error messages.
local function describe_field(name, value)
  if type(value) ~= 'string' then return 'field \'' .. name .. '\' is missing' end
  return 'field \'' .. name .. '\' has value \'' .. value .. '\''
end

-- Why a job's route or priority cannot place it in a queue, or nil when both are valid. The words and the order
-- (priority first) are those of the C# decoder (JobHashCodec), so a record gets the same message either way.
local function placement_error(prefix, id, route, priority)
  if not valid_priority(priority) then
    return 'job record ' .. job_key(prefix, id) .. ' is malformed: ' .. describe_field('priority', priority) .. '; expected high, normal or low'
  end
  if not valid_route(route) then
    return 'job record ' .. job_key(prefix, id) .. ' is malformed: ' .. describe_field('routing_key', route) .. '; expected 1-64 characters of [A-Za-z0-9_-]'
  end
  return nil
end

-- Redis Cluster resharding (docs/scaling.md "Redis Cluster: resharding"): true while the slot of the prefix (the
-- cluster layout's hash tag, '{…}') is being migrated to or from this node, read from this node's own line of CLUSTER
-- NODES ('[slot->-target]' on the source, '[slot-<-source]' on the target). The keys a script builds itself (job
-- hashes it discovers, admin indexes, queues read from a hash) may then be on the other node: on the source a command
-- on one already moved fails the script ('non local key', perhaps after a write), on the target one not yet moved
-- looks missing and a write creates a second copy (MIGRATE then answers BUSYKEY). Scripts that build keys call it
-- before reading or writing anything and refuse with TRYAGAIN, which the engine sends again shortly (RedisScript).
-- False for the classic layout, outside a cluster, and when the command is refused (an ACL without +cluster|nodes).
local function cluster_unstable(prefix)
  if string.sub(prefix, 1, 1) ~= '{' then return false end
  local close = string.find(prefix, '}', 2, true)
  if close == nil then return false end
  local slot = redis.pcall('CLUSTER', 'KEYSLOT', string.sub(prefix, 2, close - 1))
  if type(slot) ~= 'number' then return false end
  local nodes = redis.pcall('CLUSTER', 'NODES')
  if type(nodes) ~= 'string' then return false end
  for line in string.gmatch(nodes, '[^\n]+') do
    if string.find(line, 'myself', 1, true) then return string.find(line, '[' .. slot .. '-', 1, true) ~= nil end
  end
  return false
end

-- Why cluster_unstable cannot run on this server, or nil when it can: the first refusal of CLUSTER KEYSLOT or CLUSTER
-- NODES from a script (an ACL without +cluster|keyslot or +cluster|nodes, a renamed command). cluster_unstable then
-- passes every call, so the scripts run on during a slot migration with only Redis's own TRYAGAIN; the start-up probe
-- (cluster-probe-1.lua) reads this and the engine reports it.
local function cluster_check_refusal(name)
  local slot = redis.pcall('CLUSTER', 'KEYSLOT', name)
  if type(slot) ~= 'number' then return 'CLUSTER KEYSLOT: ' .. tostring(type(slot) == 'table' and slot.err or slot) end
  local nodes = redis.pcall('CLUSTER', 'NODES')
  if type(nodes) ~= 'string' then return 'CLUSTER NODES: ' .. tostring(type(nodes) == 'table' and nodes.err or nodes) end
  return nil
end

-- The reply of a script that found its prefix's slot being migrated (cluster_unstable): nothing was read or written.
local function refuse_migrating(prefix)
  return redis.error_reply('TRYAGAIN the slot of ' .. prefix .. ' is being migrated; nothing was changed')
end

-- Why a key cannot be used as the given type ('list', 'hash', …) because it holds another one, or nil when it
-- holds that type or does not exist. For checks before a script's first write: a command on a key of the wrong
-- type fails, and a script that fails after writing leaves its writes behind.
local function wrong_type(key, expected)
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'none' or kind == expected then return nil end
  return key .. ' holds a ' .. kind .. ', not a ' .. expected
end

-- The queue a job belongs in, {prefix}:route:{route}:queue:{priority}, from the routing_key (absent = 'default') and
-- priority read from its hash; route and priority never change after enqueue. Returns the key, or nil, a code and why
-- it cannot be used, checked before the caller's first write: 'MALFORMED' when the record cannot name a queue
-- (placement_error), 'WRONGTYPE' when the key exists and is not a list (a push would fail mid-script).
local function job_queue(prefix, id, route, priority)
  local problem = placement_error(prefix, id, route, priority)
  if problem ~= nil then return nil, 'MALFORMED', problem end
  local queue = queue_key(prefix, route, priority)
  local wrong = wrong_type(queue, 'list')
  if wrong ~= nil then return nil, 'WRONGTYPE', wrong end
  return queue, nil, nil
end

-- The error reply of a script that refuses, before any write, because job_queue found no usable queue.
local function refuse(code, why)
  if code == 'WRONGTYPE' then why = why .. '; nothing was changed' end
  return redis.error_reply(code .. ' ' .. why)
end

-- A popped id as it may be shown in an error message: printable ASCII as it is, every other byte as \xNN, at most
-- 160 bytes of it (then the length in bytes).
local function show_id(id)
  local shown = string.gsub(string.sub(id, 1, 160), '[^\33-\126]', function(c) return string.format('\\x%02X', string.byte(c)) end)
  if #id > 160 then shown = shown .. '… (' .. #id .. ' bytes)' end
  return shown
end

-- Why an id is not one the client accepts (JobId.TryParse: 1-128 UTF-16 characters, none of them whitespace or a
-- control character), or nil when it is. The id must be well-formed UTF-8 (no overlong forms, no surrogates), since
-- the client reads ids as UTF-8 text and builds keys back from that text. Whitespace and control characters are those
-- of .NET's char.IsWhiteSpace / char.IsControl: U+0000-U+0020, U+007F-U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
-- U+202F, U+205F, U+3000. LuaGrammarAgreementTests runs a table of ids through both.
local function id_problem(id)
  if type(id) ~= 'string' or #id == 0 then return 'is empty' end
  -- The ids the client writes (UUIDs) and any other of ASCII letters, digits, '-', '_', '.', ':' up to 128 bytes are fine:
  -- one match instead of the walk below.
  if #id <= 128 and string.find(id, '^[%w%-_%.:]+$') then return nil end
  local n, i, units = #id, 1, 0
  while i <= n do
    local b = string.byte(id, i)
    local cp, len
    if b < 0x80 then cp, len = b, 1
    elseif b >= 0xC2 and b <= 0xDF then cp, len = b - 0xC0, 2
    elseif b >= 0xE0 and b <= 0xEF then cp, len = b - 0xE0, 3
    elseif b >= 0xF0 and b <= 0xF4 then cp, len = b - 0xF0, 4
    else return 'is not UTF-8 (byte ' .. i .. ')' end
    if i + len - 1 > n then return 'is not UTF-8 (byte ' .. i .. ')' end
    for k = 1, len - 1 do
      local c = string.byte(id, i + k)
      if c < 0x80 or c > 0xBF then return 'is not UTF-8 (byte ' .. (i + k) .. ')' end
      cp = cp * 64 + (c - 0x80)
    end
    if (len == 3 and cp < 0x800) or (len == 4 and (cp < 0x10000 or cp > 0x10FFFF)) or (cp >= 0xD800 and cp <= 0xDFFF) then
      return 'is not UTF-8 (byte ' .. i .. ')'
    end
    if cp <= 0x20 or (cp >= 0x7F and cp <= 0xA0) or cp == 0x1680 or (cp >= 0x2000 and cp <= 0x200A) or cp == 0x2028
      or cp == 0x2029 or cp == 0x202F or cp == 0x205F or cp == 0x3000 then
      return 'has a whitespace or control character at byte ' .. i
    end
    if cp >= 0x10000 then units = units + 2 else units = units + 1 end
    i = i + len
  end
  if units > 128 then return 'is ' .. units .. ' characters long' end
  return nil
end

-- The error of a job whose id the client would never write (id_problem), in the words of JobHashCodec.
local function id_error(prefix, id, problem)
  return 'job record ' .. prefix .. ':job:' .. show_id(id) .. ' is malformed: field \'id\' has value \'' .. show_id(id) .. '\' (' .. problem
    .. '); expected 1-128 characters without whitespace or control characters, in UTF-8'
end

-- The first n bytes of s or fewer, ending on a UTF-8 character boundary.
local function utf8_prefix(s, n)
  if #s <= n then return s end
  local cut = n
  while cut > 0 do
    local next_byte = string.byte(s, cut + 1)
    if next_byte < 0x80 or next_byte >= 0xC0 then break end
    cut = cut - 1
  end
  return string.sub(s, 1, cut)
end

-- The text of the job's error_history field with one failure appended: a JSON array, oldest first, of
-- {attempt, error_type, error (at most 1000 bytes), at}, the latest 10 kept. A missing or unreadable field starts a
-- new history. Reads only (HGET on a key the caller has type checked), so it cannot fail part-way.
local function error_history_with(job, err_type, err, at)
  local history = {}
  local raw = redis.call('HGET', job, 'error_history')
  if raw then
    local ok, decoded = pcall(cjson.decode, raw)
    if ok and type(decoded) == 'table' then history = decoded end
  end
  history[#history + 1] = { attempt = to_int(redis.call('HGET', job, 'attempts')) or 0, error_type = err_type, error = utf8_prefix(err, 1000), at = at }
  while #history > 10 do table.remove(history, 1) end
  return cjson.encode(history)
end

-- ---------------------------------------------------------------------------------------------------------------------
-- Maintenance steps (promote-3.lua, recover-2.lua, maintain-4.lua). Each caller has checked, before calling, that dead is
-- absent or a LIST and that the ZSET read holds no other type, so neither fails part-way.

-- nil when this caller may write the key, else Redis's refusal (an ACL: NOPERM): a write that changes nothing of
-- what it finds, by pcall, so a refusal writes nothing. 'list': LTRIM 0 -1 (a key of another type is not a refusal:
-- job_queue reports it); 'string': SETRANGE of an empty value at 0 (likewise); 'hash' (a job hash that exists and is about to be written): HSET of updated_at. Maintenance
-- runs it before the first write of each id on the keys it builds itself (a job, its queue), which an ACL could refuse
-- though the declared keys are allowed.
local function write_refused(key, kind, now_iso)
  local r
  if kind == 'list' then r = redis.pcall('LTRIM', key, 0, -1)
  elseif kind == 'string' then r = redis.pcall('SETRANGE', key, 0, '') -- an empty range: no key is created, none changed
  else r = redis.pcall('HSET', key, 'updated_at', now_iso) end
  if type(r) ~= 'table' or not r.err or (kind ~= 'hash' and string.sub(r.err, 1, 9) == 'WRONGTYPE') then return nil end
  return r.err
end

-- The first refusal of a job's writes (write_refused), as { key, error }: its hash, then its queue when it will be
-- pushed there and the record can name one.
local function job_writes_refused(prefix, job, id, route, priority, pushed, now_iso)
  local err = write_refused(job, 'hash', now_iso)
  if err ~= nil then return { job, err } end
  if pushed and placement_error(prefix, id, route, priority) == nil then
    local queue = queue_key(prefix, route, priority)
    err = write_refused(queue, 'list')
    if err ~= nil then return { queue, err } end
  end
  return nil
end

-- Moves due scheduled jobs to the back of their own queue (promote-3.lua says what happens to records that cannot be
-- queued). Returns how many were queued and, when Redis refused a command on a key built here (an ACL), { key, error }:
-- that id and the later ones are left as they are (nothing written for them), for a caller with the rights.
local function promote_due(prefix, scheduled, dead, leases, now_s, now_iso, most, ttl_ms)
  local due = redis.call('ZRANGEBYSCORE', scheduled, '-inf', now_s, 'LIMIT', 0, most)
  local count = 0
  for _, id in ipairs(due) do
    local job = job_key(prefix, id)
    local kind = redis.pcall('TYPE', job)
    if kind.err then return count, { job, kind.err } end
    local fields = nil
    if kind.ok == 'hash' then
      fields = redis.pcall('HMGET', job, 'routing_key', 'priority', 'status')
      if fields.err then return count, { job, fields.err } end
    end
    local status = fields and fields[3]
    local stale = status == 'completed' or status == 'failed' or (status == 'processing' and redis.call('ZSCORE', leases, id) ~= false)
    if fields and not stale then
      local route = fields[1] or 'default'
      local refused = job_writes_refused(prefix, job, id, route, fields[2], true, now_iso)
      if refused ~= nil then return count, refused end
      local queue, code, why = job_queue(prefix, id, route, fields[2])
      redis.call('ZREM', scheduled, id)
      if queue == nil then
        dead_letter(prefix, job, dead, id, why, code == 'MALFORMED' and 'MalformedJobRecord' or 'WrongTypeQueue', now_iso, '0', ttl_ms)
      else
        redis.call('HSET', job, 'status', 'pending', 'updated_at', now_iso)
        push_queue(prefix, queue, route, id, false)
        count = count + 1
      end
    else
      redis.call('ZREM', scheduled, id)
    end
  end
  return count, nil
end

-- Takes back jobs whose lease expired: to the front of their own queue, or dead when that execution was their last
-- allowed one (recover-2.lua says what happens to records that cannot be queued). Returns how many were recovered and,
-- as promote_due does, { key, error } when Redis refused a command on a key built here (that lease is left in place).
local function recover_expired(prefix, leases, dead, now_ms, now_iso, most, ttl_ms)
  local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now_ms, 'LIMIT', 0, most)
  local count = 0
  for _, id in ipairs(expired) do
    local job = job_key(prefix, id)
    local kind = redis.pcall('TYPE', job)
    if kind.err then return count, { job, kind.err } end
    if kind.ok == 'hash' then
      local fields = redis.pcall('HMGET', job, 'worker_id', 'attempts', 'max_retries', 'routing_key', 'priority', 'conc_key')
      if fields.err then return count, { job, fields.err } end
      local worker, attempts_text = fields[1] or '', fields[2]
      local attempts = to_int(attempts_text)
      local max_retries = to_int(fields[3])
      local route = fields[4] or 'default'
      local err = 'lease expired: worker \'' .. worker .. '\' stopped renewing it during attempt ' .. tostring(attempts_text)
      local retry = attempts ~= nil and max_retries ~= nil and attempts <= max_retries
      local refused = job_writes_refused(prefix, job, id, route, fields[5], retry, now_iso)
      if refused ~= nil then return count, refused end
      local queue, _, why = job_queue(prefix, id, route, fields[5])
      local requeue = queue ~= nil and retry
      redis.call('ZREM', leases, id)
      redis.call('HSET', job, 'error_history', error_history_with(job, 'LeaseExpired', err, now_iso))
      if queue == nil then
        dead_letter(prefix, job, dead, id, err .. '; ' .. why, 'LeaseExpired', now_iso, '0', ttl_ms)
      elseif not requeue then
        dead_letter(prefix, job, dead, id, err, 'LeaseExpired', now_iso, '0', ttl_ms)
      else
        redis.call('HSET', job, 'status', 'pending', 'error', err, 'error_type', 'LeaseExpired', 'updated_at', now_iso)
        redis.call('HDEL', job, 'worker_id', 'lease_token')
        push_queue(prefix, queue, route, id, true)
        release_gates(prefix, id, fields[6], nil, nil, 'retry', now_iso) -- its concurrency slot comes back with its lease
      end
      count = count + 1
    else
      redis.call('ZREM', leases, id)
    end
  end
  return count, nil
end

-- ---------------------------------------------------------------------------------------------------------------------
-- Admin indexes (docs/wire-format.md "Admin keys"). Keys built here from the prefix (the D2 exception): the per-route dead
-- list {prefix}:route:{route}:dead, the recently finished ZSETs {prefix}:queue:completed and {prefix}:queue:failed, the
-- paused routes SET {prefix}:paused. Each write is skipped when its key holds another type, so a script that calls these
-- after its first write never fails on them (the global lists stay the source of truth).

-- Most entries kept in each recently finished ZSET; entries older than the result TTL are trimmed too.
local RECENT_MAX = 10000

-- Unix ms of a fixed-width RFC 3339 UTC time as the engine writes it (2026-11-25T02:14:07.1234567Z), rounded down;
-- nil when the text has another form.
local function iso_ms(iso)
  if type(iso) ~= 'string' then return nil end
  local y, mo, d, h, mi, s, frac = string.match(iso, '^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)%.?(%d*)Z$')
  if not y then return nil end
  y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
  if mo <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local doy = math.floor((153 * ((mo + 9) % 12) + 2) / 5) + d - 1
  local days = era * 146097 + yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy - 719468
  local ms = (((days * 24 + tonumber(h)) * 60 + tonumber(mi)) * 60 + tonumber(s)) * 1000
  if frac ~= '' then ms = ms + tonumber(string.sub(frac .. '000', 1, 3)) end
  return ms
end

-- A fixed-width RFC 3339 UTC time (2026-11-25T02:14:07.1230000Z) of Unix ms, as the engine writes times: iso_ms's inverse.
local function ms_iso(ms)
  local s = math.floor(ms / 1000)
  local frac = ms - s * 1000
  local days = math.floor(s / 86400)
  local rem = s - days * 86400
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03d0000Z', y, m, d, math.floor(rem / 3600), math.floor((rem % 3600) / 60), rem % 60, frac)
end

local function route_dead_key(prefix, route)
  return prefix .. ':route:' .. route .. ':dead'
end

-- Adds ids to {prefix}:queue:{kind} ('completed' | 'failed') with score = now in Unix ms, then trims entries older than
-- the result TTL and all but the newest RECENT_MAX. The ZADD is a pcall: a key of another type refuses it without a
-- write, and the index is skipped.
note_finished = function(prefix, kind, ids, now_iso, ttl_ms)
  local key = prefix .. ':queue:' .. kind
  local ms = iso_ms(now_iso)
  if #ids == 0 or ms == nil then return end
  local score = string.format('%.0f', ms)
  for s = 1, #ids, 500 do
    local args = {}
    for i = s, math.min(#ids, s + 499) do args[#args + 1] = score; args[#args + 1] = ids[i] end
    local added = redis.pcall('ZADD', key, unpack(args))
    if type(added) == 'table' and added.err then return end
  end
  local ttl = tonumber(ttl_ms)
  if ttl ~= nil then redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%.0f', ms - ttl)) end
  redis.call('ZREMRANGEBYRANK', key, 0, -(RECENT_MAX + 1))
end

-- A job was just dead-lettered: LPUSH on its route's dead list (newest first, like the global one) and into the
-- recently failed ZSET. A record whose routing_key is invalid is in the global dead list only.
note_dead_letter = function(prefix, job, id, now_iso, ttl_ms)
  local route = redis.call('HGET', job, 'routing_key') or 'default'
  if valid_route(route) then
    local key = route_dead_key(prefix, route)
    -- pcall: a key of another type, or an ACL that refuses it, skips the index (the global dead list is the source of truth)
    redis.pcall('LPUSH', key, id)
  end
  note_finished(prefix, 'failed', { id }, now_iso, ttl_ms)
end

-- The paused ones among these route names ({prefix}:paused), as a set route -> true. Reads only: call before any write.
-- A paused key of another type pauses nothing (SMISMEMBER is a pcall: its refusal writes nothing).
paused_routes = function(prefix, names)
  local out = {}
  local key = prefix .. ':paused'
  if #names == 0 then return out end
  local flags = redis.pcall('SMISMEMBER', key, unpack(names))
  if flags.err then return out end
  for i = 1, #names do
    if flags[i] == 1 then out[names[i]] = true end
  end
  return out
end

-- A dead job left the dead list (requeued or deleted): remove it from its route's dead list (route nil or invalid: none)
-- and from the recently failed index. Skips keys of another type.
-- from_tail: search the route's list from its oldest end (batches take the oldest jobs first).
forget_dead = function(prefix, route, id, from_tail)
  if route ~= nil and valid_route(route) then
    local key = route_dead_key(prefix, route)
    if wrong_type(key, 'list') == nil then redis.call('LREM', key, from_tail and -1 or 1, id) end
  end
  local failed = prefix .. ':queue:failed'
  if wrong_type(failed, 'zset') == nil then redis.call('ZREM', failed, id) end
end

-- ---------------------------------------------------------------------------------------------------------------------
-- Flow-control gates (docs/flow-control.md "Concurrency limits", "Sequences"; docs/wire-format.md "Flow-control keys").
-- A job held back by a gate has status 'waiting', is in no queue, and names its gate in waiting_on (the key after the
-- prefix). Keys built here from the prefix (the D2 exception): {prefix}:{conc_key} (ZSET of the running ids, score = start,
-- Unix ms) and {prefix}:{conc_key}:waiting (LIST, oldest at the tail); {prefix}:seq:{lock} (LIST of the sequence's ids in
-- enqueue order, the head is the one that may run); a woken job's queue, or {prefix}:queue:scheduled when its due time is
-- ahead. Every command on them is a pcall or follows a check, so the finishing scripts that call these after their first
-- write never fail on them: a gate key of another type, or one an ACL refuses, leaves its waiting jobs waiting (visible
-- with status 'waiting') until a call with the rights opens it.

local function seq_key(prefix, lock)
  return prefix .. ':seq:' .. lock
end

local function debounce_key(prefix, lock)
  return prefix .. ':debounce:' .. lock
end

-- The admin index of waiting jobs, {prefix}:queue:waiting (ZSET, score = since when, Unix ms): added to when a gate holds
-- a job, removed from when it is queued again or cancelled. pcall: a key of another type skips the index.
local function note_waiting(prefix, id, now_iso)
  local ms = iso_ms(now_iso)
  if ms ~= nil then redis.pcall('ZADD', prefix .. ':queue:waiting', string.format('%.0f', ms), id) end
end

local function forget_waiting(prefix, id)
  redis.pcall('ZREM', prefix .. ':queue:waiting', id)
end

-- Queues a waiting job whose gate opened: to the front of its queue (it waited longest), or to the scheduled set when
-- its scheduled_for is ahead (a delayed job of a sequence). Returns 'woken'; 'gone' when the record is missing or
-- finished (a stale gate entry: the caller drops it); 'active' when it is pending, scheduled or running (not held here);
-- 'stuck' when Redis refused a write on its keys or the record cannot name a usable queue (it stays waiting).
local function wake_waiting(prefix, id, now_iso)
  local job = job_key(prefix, id)
  local kind = redis.pcall('TYPE', job)
  if type(kind) == 'table' and kind.err then return 'stuck' end
  if kind.ok ~= 'hash' then return 'gone' end
  local f = redis.pcall('HMGET', job, 'status', 'routing_key', 'priority', 'scheduled_for')
  if f.err then return 'stuck' end
  if f[1] ~= 'waiting' then
    if f[1] == 'completed' or f[1] == 'failed' then return 'gone' end
    return 'active'
  end
  local route = f[2] or 'default'
  local due, now_ms = iso_ms(f[4]), iso_ms(now_iso)
  local later = due ~= nil and now_ms ~= nil and due > now_ms
  if job_writes_refused(prefix, job, id, route, f[3], not later, now_iso) ~= nil then return 'stuck' end
  if later then
    -- pcall, and before the job's writes: a scheduled set of another type, or one an ACL refuses, leaves it waiting
    local scheduled = prefix .. ':queue:scheduled'
    local added = redis.pcall('ZADD', scheduled, string.format('%.3f', due / 1000), id)
    if type(added) == 'table' and added.err then return 'stuck' end
    redis.call('HSET', job, 'status', 'scheduled', 'updated_at', now_iso)
    redis.call('HDEL', job, 'waiting_on')
    forget_waiting(prefix, id)
    notify(scheduled .. ':notify', 'gate')
    return 'woken'
  end
  local queue = job_queue(prefix, id, route, f[3])
  if queue == nil then return 'stuck' end
  redis.call('HSET', job, 'status', 'pending', 'updated_at', now_iso)
  redis.call('HDEL', job, 'waiting_on')
  forget_waiting(prefix, id)
  push_queue(prefix, queue, route, id, true)
  return 'woken'
end

-- Wakes up to count jobs waiting at a concurrency gate (key = {prefix}:{conc_key}), oldest first; stale entries are dropped.
local function conc_wake(prefix, key, count, now_iso)
  local waiting = key .. ':waiting'
  local woken = 0
  for _ = 1, count + 100 do
    if woken >= count then return end
    local id = redis.pcall('RPOP', waiting)
    if type(id) ~= 'string' then return end
    local r = wake_waiting(prefix, id, now_iso)
    if r == 'woken' then woken = woken + 1
    elseif r == 'stuck' then redis.pcall('RPUSH', waiting, id); return end
  end
end

-- A job left its concurrency slot (finished, retrying, snoozed, handed back, lease expired): its slot goes to the oldest
-- waiting job.
local function conc_release(prefix, id, conc, now_iso)
  local key = prefix .. ':' .. conc
  local removed = redis.pcall('ZREM', key, id)
  if removed == 1 then conc_wake(prefix, key, 1, now_iso) end
end

-- A job left its sequence: out of the list, and when it was the head, the next live job becomes the head and is queued.
local function seq_release(prefix, id, lock, now_iso)
  local key = seq_key(prefix, lock)
  local head = redis.pcall('LINDEX', key, 0)
  if type(head) == 'table' then return end
  if head ~= id then
    redis.pcall('LREM', key, 1, id)
    return
  end
  redis.pcall('LPOP', key)
  for _ = 1, 100 do
    local next_id = redis.pcall('LINDEX', key, 0)
    if type(next_id) ~= 'string' then return end
    if wake_waiting(prefix, next_id, now_iso) ~= 'gone' then return end
    redis.pcall('LPOP', key)
  end
end

-- Whether a sequence's head no longer holds it: its record is missing, completed, or failed where that frees it.
local function seq_head_stale(prefix, head)
  local job = job_key(prefix, head)
  if redis.call('TYPE', job)['ok'] ~= 'hash' then return true end
  local f = redis.call('HMGET', job, 'status', 'seq_hold', 'error_type')
  if f[1] == 'completed' then return true end
  if f[1] == 'failed' then return f[2] ~= 'until_completed' or f[3] == 'JobCancelled' end
  return false
end

-- What a job's end does to its gates: outcome 'completed' | 'dead' | 'cancelled' | 'deleted' (a dead record removed) |
-- 'retry' (it leaves its slot but keeps its place in the sequence: a retry, a snooze, a hand-back, an expired lease).
-- A dead job keeps its sequence when seq_hold = 'until_completed'.
release_gates = function(prefix, id, conc, seq, hold, outcome, now_iso)
  if type(conc) == 'string' and conc ~= '' then conc_release(prefix, id, conc, now_iso) end
  if type(seq) == 'string' and seq ~= '' and (outcome == 'completed' or outcome == 'cancelled' or outcome == 'deleted'
      or (outcome == 'dead' and hold ~= 'until_completed')) then
    seq_release(prefix, id, seq, now_iso)
  end
end

-- ---------------------------------------------------------------------------------------------------------------------
-- Workflows (docs/workflows.md; docs/wire-format.md "Workflow keys"). A step is a job whose hash carries wf (its
-- workflow), wf_next ("child:index,…": the steps it feeds and its place in their input), and, while its parents run,
-- status 'waiting', waiting_on 'wf:{id}', wf_deps (parents not finished), wf_arity, wf_input (the parameter its parents'
-- results go to), wf_join ('1': the input is the list of them) and in:{index} (the results received so far). Keys built
-- here from the prefix (the D2 exception): {prefix}:wf:{id} (HASH: status, total, done, failed, …), the hashes of the
-- steps a step feeds and of its compensation (wf_comp), and {prefix}:queue:dead for a step whose input cannot be added.
-- Every command on them is a pcall or follows a check, so the finishing scripts that call these after their first
-- write never fail on them: a workflow key of another type, or one an ACL refuses, leaves its steps waiting (visible
-- with status 'waiting') and is reported by the status view.

-- The workflow helpers are defined when a workflow step first finishes in a script call (wf_load), not with every
-- script: a completion of a job outside any workflow pays for the two entry points only.
local wf_helpers
local function wf_load()
  if wf_helpers ~= nil then return wf_helpers end
  local function wf_key(prefix, wf)
    return prefix .. ':wf:' .. wf
  end

  -- "id:index,id:index" as a list of { id, index }.
  local function wf_edges(next)
    local out = {}
    if type(next) ~= 'string' then return out end
    for id, index in string.gmatch(next, '([^,]+):(%d+)') do out[#out + 1] = { id, tonumber(index) } end
    return out
  end

  -- The workflow's status, nil when its hash is missing or unreadable.
  local function wf_status(key)
    local status = redis.pcall('HGET', key, 'status')
    if type(status) ~= 'string' then return nil end
    return status
  end

  local function wf_finish(key, status, now_iso, ttl_ms)
    redis.pcall('HSET', key, 'status', status, 'updated_at', now_iso, 'completed_at', now_iso)
    if to_int(ttl_ms) ~= nil then redis.pcall('PEXPIRE', key, ttl_ms) end
  end

  local function wf_count_done(key, now_iso, ttl_ms)
    local done = redis.pcall('HINCRBY', key, 'done', 1)
    redis.pcall('HSET', key, 'updated_at', now_iso)
    local total = to_int(redis.pcall('HGET', key, 'total'))
    if type(done) == 'number' and total ~= nil and done >= total then wf_finish(key, 'completed', now_iso, ttl_ms) end
  end

  -- The payload object with "name":value added as its first property; nil when it is not a JSON object. The C# copy is
  -- WorkflowInputs.Splice (the in-memory engine); the workflow conformance tests run both.
  local function wf_splice(payload, name, value)
    local s = string.find(payload, '%S')
    if s == nil or string.sub(payload, s, s) ~= '{' then return nil end
    local r = string.find(payload, '%S', s + 1)
    local entry = cjson.encode(name) .. ':' .. value
    if r ~= nil and string.sub(payload, r, r) == '}' then return '{' .. entry .. string.sub(payload, r) end
    return '{' .. entry .. ',' .. string.sub(payload, s + 1)
  end

  -- A waiting step that can never run (its workflow failed or was cancelled, or it is a compensation not needed):
  -- failed as cancelled with the reason, out of the waiting index, with the result TTL. False when Redis refused it.
  local function wf_mark_cancelled(prefix, job, id, why, now_iso, ttl_ms)
    local written = redis.pcall('HSET', job, 'status', 'failed', 'error', why, 'error_type', 'JobCancelled', 'completed_at', now_iso, 'updated_at', now_iso, 'duration_ms', '0')
    if type(written) == 'table' then return false end
    redis.pcall('HDEL', job, 'waiting_on')
    if to_int(ttl_ms) ~= nil then redis.pcall('PEXPIRE', job, ttl_ms) end
    forget_waiting(prefix, id)
    notify_result(prefix, id, redis.pcall('HGET', job, 'notify_result'))
    note_finished(prefix, 'failed', { id }, now_iso, ttl_ms)
    return true
  end

  -- Cancels a waiting step and every waiting step under it (and their compensations).
  local function wf_cancel_tree(prefix, root, why, now_iso, ttl_ms)
    local stack = { root }
    for _ = 1, 2000 do
      local id = table.remove(stack)
      if id == nil then return end
      local job = job_key(prefix, id)
      local f = redis.pcall('HMGET', job, 'status', 'wf_next', 'wf_comp')
      if f.err == nil and f[1] == 'waiting' and wf_mark_cancelled(prefix, job, id, why, now_iso, ttl_ms) then
        for _, e in ipairs(wf_edges(f[2])) do stack[#stack + 1] = e[1] end
        if type(f[3]) == 'string' and f[3] ~= '' then stack[#stack + 1] = f[3] end
      end
    end
  end

  -- Hands a waiting step one parent's result (JSON text) at position index; the last one queues it with its input
  -- spliced into its payload (wake_waiting). A step whose payload is not a JSON object is dead-lettered instead.
  local function wf_feed(prefix, child, index, value, now_iso, ttl_ms)
    local job = job_key(prefix, child)
    local f = redis.pcall('HMGET', job, 'status', 'wf_arity', 'wf_input', 'wf_join', 'payload')
    if f.err or f[1] ~= 'waiting' then return end
    if type(redis.pcall('HSET', job, 'in:' .. index, value, 'updated_at', now_iso)) == 'table' then return end
    local deps = redis.pcall('HINCRBY', job, 'wf_deps', -1)
    if type(deps) ~= 'number' or deps > 0 then return end
    local arity = to_int(f[2]) or 0
    local names = {}
    for i = 1, arity do names[i] = 'in:' .. i end
    if type(f[3]) == 'string' and f[3] ~= '' then
      local inputs = arity > 0 and redis.pcall('HMGET', job, unpack(names)) or {}
      local parts = {}
      for i = 1, math.max(arity, 1) do parts[i] = (type(inputs[i]) == 'string' and inputs[i] ~= '') and inputs[i] or 'null' end
      local input = f[4] == '1' and ('[' .. table.concat(parts, ',', 1, arity) .. ']') or parts[1]
      local payload = wf_splice(type(f[5]) == 'string' and f[5] or '', f[3], input)
      if payload == nil then
        -- failed for good, on the dead list, and its workflow's failure policy follows (as dead_letter does; an LPUSH
        -- refused, a dead list of another type, leaves it waiting)
        if type(redis.pcall('LPUSH', prefix .. ':queue:dead', child)) == 'table' then return end
        redis.pcall('HSET', job, 'status', 'failed', 'error', 'its payload is not a JSON object, so the workflow input could not be added to it',
          'error_type', 'MalformedJobRecord', 'completed_at', now_iso, 'updated_at', now_iso, 'duration_ms', '0')
        redis.pcall('HDEL', job, 'waiting_on', unpack(names))
        forget_waiting(prefix, child)
        notify_result(prefix, child, redis.pcall('HGET', job, 'notify_result'))
        wf_step_failed(prefix, job, child, now_iso, ttl_ms)
        return
      end
      redis.pcall('HSET', job, 'payload', payload)
    end
    if arity > 0 then redis.pcall('HDEL', job, unpack(names)) end
    wake_waiting(prefix, child, now_iso)
  end

  -- A step completed: the workflow counts it, the steps it feeds get its result (result_json, '' for none: null), and
  -- its compensation is no longer needed. When the workflow is no longer running, the steps it feeds are cancelled.
  local function step_done(prefix, id, name, wf, next, comp, role, result_json, now_iso, ttl_ms)
    if type(wf) ~= 'string' or wf == '' or role == 'compensation' then return end
    local key = wf_key(prefix, wf)
    local status = wf_status(key)
    if type(comp) == 'string' and comp ~= '' then
      wf_cancel_tree(prefix, comp, 'not needed: step ' .. id .. ' (' .. tostring(name) .. ') completed', now_iso, ttl_ms)
    end
    -- A step counts once (wf_counted): a step that continued on failure, was requeued from the dead letter queue and
    -- then completed has fed the steps after it already.
    if redis.pcall('HSETNX', job_key(prefix, id), 'wf_counted', '1') ~= 1 then return end
    if status == 'running' then wf_count_done(key, now_iso, ttl_ms) end
    local value = (type(result_json) == 'string' and result_json ~= '') and result_json or 'null'
    for _, e in ipairs(wf_edges(next)) do
      if status == 'running' then
        wf_feed(prefix, e[1], e[2], value, now_iso, ttl_ms)
      else
        wf_cancel_tree(prefix, e[1], 'cancelled: workflow ' .. wf .. ' is ' .. (status or 'gone'), now_iso, ttl_ms)
      end
    end
  end

  -- A step failed for good (dead-lettered, or cancelled): wf_on_fail 'continue' feeds its fallback (wf_fallback, else
  -- null) to the steps it feeds and the workflow goes on; otherwise the workflow fails, the steps under it are cancelled,
  -- and its compensation (wf_comp, with 'compensate') is queued.
  local function step_failed(prefix, job, id, now_iso, ttl_ms)
    local f = redis.pcall('HMGET', job, 'wf', 'wf_next', 'wf_on_fail', 'wf_fallback', 'wf_comp', 'wf_role', 'name')
    if f.err or type(f[1]) ~= 'string' or f[1] == '' or f[6] == 'compensation' then return end
    local wf = f[1]
    local key = wf_key(prefix, wf)
    local status = wf_status(key)
    if status == 'running' then
      redis.pcall('HINCRBY', key, 'failed', 1)
      redis.pcall('HSET', key, 'updated_at', now_iso)
    end
    if redis.pcall('HGET', job, 'wf_counted') == '1' then return end -- it counted once already: its next steps were fed
    if status == 'running' and f[3] == 'continue' then
      redis.pcall('HSET', job, 'wf_counted', '1')
      wf_count_done(key, now_iso, ttl_ms)
      local value = (type(f[4]) == 'string' and f[4] ~= '') and f[4] or 'null'
      for _, e in ipairs(wf_edges(f[2])) do wf_feed(prefix, e[1], e[2], value, now_iso, ttl_ms) end
      return
    end
    if status == 'running' then
      redis.pcall('HSET', key, 'failed_step', id)
      wf_finish(key, 'failed', now_iso, ttl_ms)
    end
    local why = 'cancelled: workflow ' .. wf .. ' failed at step ' .. id .. ' (' .. tostring(f[7]) .. ')'
    if status == 'cancelled' then why = 'cancelled: workflow ' .. wf .. ' was cancelled' end
    for _, e in ipairs(wf_edges(f[2])) do wf_cancel_tree(prefix, e[1], why, now_iso, ttl_ms) end
    if type(f[5]) == 'string' and f[5] ~= '' and redis.pcall('HGET', job_key(prefix, f[5]), 'status') == 'waiting' then
      redis.pcall('HSET', job_key(prefix, f[5]), 'wf_deps', '0')
      wake_waiting(prefix, f[5], now_iso)
    end
  end

  wf_helpers = { step_done = step_done, step_failed = step_failed }
  return wf_helpers
end

-- A step completed (ack-n): see step_done above.
local function wf_step_done(prefix, id, name, wf, next, comp, role, result_json, now_iso, ttl_ms)
  if type(wf) ~= 'string' or wf == '' then return end
  wf_load().step_done(prefix, id, name, wf, next, comp, role, result_json, now_iso, ttl_ms)
end

-- A job failed for good (dead_letter, cancel_job): when it is a workflow step, see step_failed above.
wf_step_failed = function(prefix, job, id, now_iso, ttl_ms)
  local wf = redis.pcall('HGET', job, 'wf')
  if type(wf) ~= 'string' or wf == '' then return end
  wf_load().step_failed(prefix, job, id, now_iso, ttl_ms)
end

-- Cancels one job (cancel-2.lua, and each step of workflow-cancel-2.lua): pending, scheduled or waiting → out of its
-- queue, the scheduled set or its gate, and failed ('cancelled before it ran'); a job of a sequence leaves it; a
-- workflow step's failure policy follows (wf_step_failed). Processing → its id is published on {prefix}:cancel.
-- Returns 'cancelled' | 'signalled' | 'finished' | 'notfound', or nil, code, why when it wrote nothing because a key
-- cannot be used: 'MALFORMED' (the hash's routing_key or priority cannot name a queue) or 'WRONGTYPE' (the job key, its
-- queue or the scheduled set holds another type). The first write is a pcall, so a refusal changes nothing.
local function cancel_job(prefix, job, scheduled, id, now_iso, ttl_ms)
  local fields = redis.pcall('HMGET', job, 'status', 'routing_key', 'priority', 'notify_result', 'unique_lock', 'unique_scope', 'waiting_on', 'seq_lock')
  if fields.err then return nil, 'WRONGTYPE', job .. ': ' .. fields.err end
  local status = fields[1]
  if not status then return 'notfound' end
  if status == 'processing' then
    notify(prefix .. ':cancel', id)
    return 'signalled'
  end
  if status == 'pending' then
    local queue, code, why = job_queue(prefix, id, fields[2] or 'default', fields[3])
    if queue == nil then return nil, code, why end
    local removed = redis.pcall('LREM', queue, 1, id)
    if type(removed) == 'table' then return nil, 'WRONGTYPE', queue .. ': ' .. removed.err end
  elseif status == 'scheduled' then
    local removed = redis.pcall('ZREM', scheduled, id)
    if type(removed) == 'table' then return nil, 'WRONGTYPE', scheduled .. ': ' .. removed.err end
  elseif status == 'waiting' then
    -- held by a gate: out of its concurrency limit's waiting list (pcall: a key of another type is left as it is); a
    -- sequence's list is handled with the release below; a workflow step waits in no list
    local on = fields[7]
    if type(on) == 'string' and string.sub(on, 1, 4) ~= 'seq:' and string.sub(on, 1, 3) ~= 'wf:' then redis.pcall('LREM', prefix .. ':' .. on, 0, id) end
    redis.call('HDEL', job, 'waiting_on')
    forget_waiting(prefix, id)
  else
    return 'finished'
  end
  redis.call('HSET', job, 'status', 'failed', 'error', 'cancelled before it ran', 'error_type', 'JobCancelled', 'completed_at', now_iso, 'updated_at', now_iso, 'duration_ms', '0')
  redis.call('PEXPIRE', job, ttl_ms)
  release_unique(prefix, id, fields[5], fields[6])
  release_gates(prefix, id, nil, fields[8], nil, 'cancelled', now_iso) -- out of its sequence; the next one queued if it was the head
  notify_result(prefix, id, fields[4])
  note_finished(prefix, 'failed', { id }, now_iso, ttl_ms) -- admin: recently failed index (bounded)
  wf_step_failed(prefix, job, id, now_iso, ttl_ms) -- a workflow step: its failure policy decides what follows
  return 'cancelled'
end
