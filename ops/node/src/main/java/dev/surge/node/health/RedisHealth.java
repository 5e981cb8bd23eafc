package dev.surge.node.health;

import dev.surge.ingress.EdgeStores;
import dev.surge.ingress.redis.RedisConnection;
import java.util.Optional;

/**
 * Redis answers a PING within its timeout. Failing open, a dead Redis only degrades the instance
 * (requests pass without rate limits and edge idempotency); failing closed, it makes it unready.
 */
public final class RedisHealth implements HealthCheck {

    private final EdgeStores stores;
    private final boolean failClosed;

    public RedisHealth(EdgeStores stores, boolean failClosed) {
        this.stores = stores;
        this.failClosed = failClosed;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Health check() {
        Optional<RedisConnection> redis = stores.redis();
        if (redis.isEmpty()) {
            return Health.up("in-process stores (REDIS_URL not set): one node only");
        }
        Optional<String> problem = redis.get().problem();
        if (problem.isEmpty()) {
            return Health.up("answers PING");
        }
        String why = "no answer to PING (" + problem.get() + ")";
        return failClosed
                ? Health.down(why + "; failing closed (503)")
                : Health.degraded(why + "; failing open (no rate limits, no edge idempotency)");
    }

    @Override
    public boolean required() {
        return failClosed;
    }
}
