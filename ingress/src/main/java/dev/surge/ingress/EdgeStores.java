package dev.surge.ingress;

import dev.surge.config.IngressSettings;
import dev.surge.ingress.idempotency.IdempotencyStore;
import dev.surge.ingress.idempotency.InMemoryIdempotencyStore;
import dev.surge.ingress.idempotency.RedisIdempotencyStore;
import dev.surge.ingress.ratelimit.InMemoryRateLimiter;
import dev.surge.ingress.ratelimit.RateLimiter;
import dev.surge.ingress.ratelimit.RedisRateLimiter;
import dev.surge.ingress.redis.RedisConnection;
import java.util.Optional;

/**
 * The rate limiter and idempotency store, both on Redis when REDIS_URL is set (shared by every
 * ingress instance) or both in this process (right for one node only: each instance would count
 * and remember on its own).
 */
public final class EdgeStores implements AutoCloseable {

    private final RateLimiter rateLimiter;
    private final IdempotencyStore idempotency;
    private final Optional<RedisConnection> redis;

    private EdgeStores(RateLimiter rateLimiter, IdempotencyStore idempotency, Optional<RedisConnection> redis) {
        this.rateLimiter = rateLimiter;
        this.idempotency = idempotency;
        this.redis = redis;
    }

    public static EdgeStores from(IngressSettings.Redis settings) {
        return settings.url()
                .map(url -> redis(RedisConnection.open(url, settings.timeout())))
                .orElseGet(EdgeStores::inProcess);
    }

    public static EdgeStores inProcess() {
        return new EdgeStores(new InMemoryRateLimiter(), new InMemoryIdempotencyStore(), Optional.empty());
    }

    public static EdgeStores redis(RedisConnection connection) {
        return new EdgeStores(new RedisRateLimiter(connection), new RedisIdempotencyStore(connection),
                Optional.of(connection));
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public IdempotencyStore idempotency() {
        return idempotency;
    }

    /** Empty when the stores are in-process. */
    public Optional<RedisConnection> redis() {
        return redis;
    }

    @Override
    public void close() {
        redis.ifPresent(RedisConnection::close);
    }
}
