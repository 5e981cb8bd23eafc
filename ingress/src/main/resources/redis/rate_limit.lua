-- GCRA over every limit of one request, all or nothing (see Gcra.java for the arithmetic).
-- KEYS[i]: the TAT of limit i, in microseconds.
-- ARGV[2i-1], ARGV[2i]: limit i's emission interval and capacity (max * interval), in microseconds;
-- derived in Java so that both sides round the same way.
-- Returns {allowed (1|0), now, tat_1 .. tat_n}, each TAT as seen before this request.
-- Redis's clock, not the callers', so replicas with skewed clocks agree. Microseconds since the
-- epoch stay below 2^53, exact in Lua's doubles.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local tats = {}
local allowed = 1
for i = 1, #KEYS do
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then
    tat = now
  end
  tats[i] = tat
  if tat + tonumber(ARGV[2 * i - 1]) - now > tonumber(ARGV[2 * i]) then
    allowed = 0
  end
end

-- A refused request changes nothing, so it uses up none of the limits.
if allowed == 1 then
  for i = 1, #KEYS do
    local new_tat = tats[i] + tonumber(ARGV[2 * i - 1])
    -- The key lives until it is back to full allowance, when its absence means the same thing.
    local ttl_ms = math.ceil((new_tat - now) / 1000) + 1
    redis.call('SET', KEYS[i], string.format('%.0f', new_tat), 'PX', string.format('%.0f', ttl_ms))
  end
end

local result = { allowed, now }
for i = 1, #KEYS do
  result[i + 2] = tats[i]
end
return result
