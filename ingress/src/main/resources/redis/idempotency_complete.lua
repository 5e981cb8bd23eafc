-- Stores the response of a claimed key for replay.
-- KEYS[1]: the hash. ARGV: token, TTL in ms, status, body (base64), then header name, value, ...
-- Only the holder of an in-flight claim may: after its claim expired and another request claimed
-- the key, or after it already completed, this does nothing. Returns 1 if stored, else 0.
local key = KEYS[1]
if redis.call('HGET', key, 'token') ~= ARGV[1] or redis.call('HGET', key, 'state') ~= 'in_flight' then
  return 0
end
redis.call('HSET', key, 'state', 'done', 'status', ARGV[3], 'body', ARGV[4])
for i = 5, #ARGV - 1, 2 do
  redis.call('HSET', key, 'h:' .. ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', key, ARGV[2])
return 1
