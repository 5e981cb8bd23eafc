-- Frees a claimed key so a retry can succeed. KEYS[1]: the hash. ARGV[1]: the claim's token.
-- Only the holder of an in-flight claim may: a stored response is never dropped this way.
-- Returns 1 if released, else 0.
local key = KEYS[1]
if redis.call('HGET', key, 'token') ~= ARGV[1] or redis.call('HGET', key, 'state') ~= 'in_flight' then
  return 0
end
return redis.call('DEL', key)
