-- Claims an idempotency key, or says who has it. One hash per key:
--   fp, state (in_flight | done), token; once done also status, body (base64) and h:<name> per header.
-- KEYS[1]: the hash. ARGV: fingerprint, token (random, from the caller), in-flight TTL in ms.
-- Returns {'claimed'} | {'mismatch'} | {'in_flight', pttl} | {'done', {field, value, ...}}.
local key = KEYS[1]
local fingerprint = redis.call('HGET', key, 'fp')
if not fingerprint then
  redis.call('HSET', key, 'fp', ARGV[1], 'state', 'in_flight', 'token', ARGV[2])
  -- A crashed holder must not keep the key for ever.
  redis.call('PEXPIRE', key, ARGV[3])
  return { 'claimed' }
end
if fingerprint ~= ARGV[1] then
  return { 'mismatch' }
end
if redis.call('HGET', key, 'state') == 'in_flight' then
  return { 'in_flight', redis.call('PTTL', key) }
end
return { 'done', redis.call('HGETALL', key) }
