-- Extends the leases still held with the given tokens.
-- Input:
--   KEYS[1]    {prefix}:queue:leases   ZSET
--   KEYS[1+i]  {prefix}:job:{id}       HASH  lease i's job (i = 1..n)
--   ARGV[1] new deadline: Unix ms, or '+n' = n ms after Redis's TIME (lease_clock); then per lease i: id, lease token
-- Output: array of the positions i (1-based) whose lease was lost.
local lost = {}
local deadline = lease_clock(ARGV[1])
for i = 1, #KEYS - 1 do
  local id, token = ARGV[2 * i], ARGV[2 * i + 1]
  if holds_lease(KEYS[1], KEYS[1 + i], id, token) then
    redis.call('ZADD', KEYS[1], 'XX', deadline, id)
  else
    lost[#lost + 1] = i
  end
end
return lost
