package dev.surge.ingress.ratelimit;

import dev.surge.ingress.StoreUnavailableException;
import dev.surge.ingress.redis.RedisConnection;
import io.lettuce.core.ScriptOutputType;
import java.util.List;

/**
 * {@link Gcra} in Redis, shared by every ingress replica: one script call per request decides all
 * its limits atomically on Redis's clock. Keys are {@code surge:rl:<limit key>}; they expire once
 * back at full allowance. All keys of one call must live on one Redis node (no Cluster slots).
 */
public final class RedisRateLimiter implements RateLimiter {

    static final String KEY_PREFIX = "surge:rl:";
    private static final RedisConnection.Script SCRIPT = RedisConnection.Script.load("rate_limit.lua");

    private final RedisConnection redis;

    public RedisRateLimiter(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public RateDecision acquire(List<RateLimit> limits) throws StoreUnavailableException {
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("at least one limit is required");
        }
        String[] keys = new String[limits.size()];
        String[] args = new String[2 * limits.size()];
        for (int i = 0; i < keys.length; i++) {
            RateLimit limit = limits.get(i);
            keys[i] = KEY_PREFIX + limit.key();
            args[2 * i] = Long.toString(Gcra.intervalMicros(limit));
            args[2 * i + 1] = Long.toString(Gcra.capacityMicros(limit));
        }
        List<Object> answer = redis.eval(SCRIPT, ScriptOutputType.MULTI, keys, args);
        if (answer == null || answer.size() != keys.length + 2) {
            throw new StoreUnavailableException("Unexpected rate limit answer from Redis: " + answer, null);
        }
        long[] tats = new long[keys.length];
        for (int i = 0; i < tats.length; i++) {
            tats[i] = (Long) answer.get(i + 2);
        }
        return Gcra.decision(limits, tats, (Long) answer.get(1), (Long) answer.get(0) == 1L);
    }
}
