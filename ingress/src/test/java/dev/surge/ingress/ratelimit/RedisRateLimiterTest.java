package dev.surge.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.ingress.redis.RedisConnection;
import dev.surge.ingress.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest extends RateLimiterContract {

    private static RedisServerProcess server;
    private static RedisConnection connection;
    private static RedisRateLimiter limiter;

    @BeforeAll
    static void startRedis() {
        server = new RedisServerProcess();
        // Generous: these tests are about answers, RedisConnectionTest about timeouts.
        connection = RedisConnection.open(server.url(), Duration.ofSeconds(1));
        limiter = new RedisRateLimiter(connection);
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        server.close();
    }

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    @Override
    protected void elapse(Duration duration) throws InterruptedException {
        // Redis's clock counts microseconds; a millisecond more absorbs the rounding.
        Thread.sleep(duration.plusMillis(1));
    }

    @Test
    void keysAreNamespacedAndExpireOnceBackToFull() throws Exception {
        RateLimit limit = limit("user", 10, Duration.ofSeconds(5));
        limiter.acquire(List.of(limit));

        String pttl = server.command("PTTL", RedisRateLimiter.KEY_PREFIX + limit.key());

        assertThat(Long.parseLong(pttl.substring(1))).as("one interval (500 ms), plus rounding").isBetween(1L, 502L);
    }

    @Test
    void aLimitReachedOnOneConnectionHoldsForAnother() throws Exception {
        RateLimit limit = limit("user", 2, Duration.ofMinutes(1));
        try (RedisConnection other = RedisConnection.open(server.url(), Duration.ofSeconds(1))) {
            RedisRateLimiter replica = new RedisRateLimiter(other);
            assertThat(limiter.acquire(List.of(limit)).allowed()).isTrue();
            assertThat(replica.acquire(List.of(limit)).allowed()).isTrue();
            assertThat(limiter.acquire(List.of(limit)).allowed()).isFalse();
            assertThat(replica.acquire(List.of(limit)).allowed()).isFalse();
        }
    }
}
