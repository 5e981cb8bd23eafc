package dev.surge.ingress.idempotency;

import dev.surge.ingress.StoreUnavailableException;
import dev.surge.ingress.redis.RedisConnection;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Idempotency keys in Redis, shared by every ingress replica: one hash per key
 * ({@code surge:idem:<key>}), changed only by scripts so a claim is atomic. The body is kept as
 * base64 because the connection speaks UTF-8 strings; headers are one {@code h:<name>} field each.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

    static final String KEY_PREFIX = "surge:idem:";
    private static final String HEADER_FIELD = "h:";
    private static final RedisConnection.Script CLAIM = RedisConnection.Script.load("idempotency_claim.lua");
    private static final RedisConnection.Script COMPLETE = RedisConnection.Script.load("idempotency_complete.lua");
    private static final RedisConnection.Script RELEASE = RedisConnection.Script.load("idempotency_release.lua");

    private final RedisConnection redis;

    public RedisIdempotencyStore(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public Claim claim(String key, String fingerprint, Duration inFlightTtl) throws StoreUnavailableException {
        String token = UUID.randomUUID().toString();
        List<Object> answer = redis.eval(CLAIM, ScriptOutputType.MULTI, keys(key), fingerprint, token, millis(inFlightTtl));
        try {
            return switch ((String) answer.get(0)) {
                case "claimed" -> new Claim.Claimed(token);
                case "mismatch" -> new Claim.Mismatch();
                case "in_flight" -> new Claim.InFlight(InMemoryIdempotencyStore.inFlightRetryAfter((Long) answer.get(1)));
                case "done" -> new Claim.Replay(response(answer.get(1)));
                default -> throw new IllegalStateException("unknown state " + answer.get(0));
            };
        } catch (RuntimeException e) {
            // A hash written by something else, or a script from another version: not a reason for a 500.
            throw new StoreUnavailableException("Unexpected idempotency answer from Redis for " + key, e);
        }
    }

    @Override
    public void complete(String key, Claim.Claimed claim, StoredResponse response, Duration ttl)
            throws StoreUnavailableException {
        List<String> args = new ArrayList<>(4 + 2 * response.headers().size());
        args.add(claim.token());
        args.add(millis(ttl));
        args.add(Integer.toString(response.status()));
        args.add(Base64.getEncoder().encodeToString(response.body()));
        response.headers().forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        redis.eval(COMPLETE, ScriptOutputType.INTEGER, keys(key), args.toArray(String[]::new));
    }

    @Override
    public void release(String key, Claim.Claimed claim) throws StoreUnavailableException {
        redis.eval(RELEASE, ScriptOutputType.INTEGER, keys(key), claim.token());
    }

    private static StoredResponse response(Object hash) {
        List<?> fields = (List<?>) hash;
        Map<String, String> headers = new HashMap<>();
        int status = 0;
        byte[] body = new byte[0];
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String field = (String) fields.get(i);
            String value = (String) fields.get(i + 1);
            if (field.startsWith(HEADER_FIELD)) {
                headers.put(field.substring(HEADER_FIELD.length()), value);
            } else if (field.equals("status")) {
                status = Integer.parseInt(value);
            } else if (field.equals("body")) {
                body = Base64.getDecoder().decode(value);
            }
        }
        if (status == 0) {
            throw new IllegalStateException("done without a status");
        }
        return new StoredResponse(status, headers, body);
    }

    private static String[] keys(String key) {
        return new String[] {KEY_PREFIX + key};
    }

    /** PEXPIRE 0 would delete the key at once. */
    private static String millis(Duration ttl) {
        return Long.toString(Math.max(1, ttl.toMillis()));
    }
}
