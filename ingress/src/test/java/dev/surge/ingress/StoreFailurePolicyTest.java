package dev.surge.ingress;

import static dev.surge.ingress.RunningIngress.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.ingress.redis.RedisConnection;
import dev.surge.ingress.redis.RedisServerProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis stopped or stalled under a running ingress: fail open or fail closed, never a 500, never a hang. */
class StoreFailurePolicyTest {

    private static final Duration TIMEOUT = Duration.ofMillis(50);
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = new RedisServerProcess();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void freshRedis() {
        if (!redis.running()) {
            redis.start();
        }
        redis.flushAll();
    }

    private static RunningIngress ingress(String failureMode) {
        return new RunningIngress(Map.of("RATE_LIMIT_MAX_REQUESTS", "2", "RATE_LIMIT_IP_MAX_REQUESTS", "0",
                "REDIS_FAILURE_MODE", failureMode),
                EdgeStores.redis(RedisConnection.open(redis.url(), TIMEOUT)), null);
    }

    private static HttpResponse<String> order(RunningIngress ingress, String key) {
        return ingress.send("POST", "/v1/orders", "{\"user_id\":\"u-1\",\"item_id\":\"sku-1\",\"quantity\":1}",
                "Idempotency-Key", key);
    }

    /** Bounded well above the 50 ms timeout: a shared machine is noisy, but a hang would take the client's 10 s. */
    private static HttpResponse<String> timedOrder(RunningIngress ingress, String key) {
        long start = System.nanoTime();
        HttpResponse<String> response = order(ingress, key);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        return response;
    }

    @Test
    void failingOpenLetsRequestsThroughWhileRedisIsDownAndLimitsAgainAfter() {
        try (RunningIngress ingress = ingress("open")) {
            assertThat(order(ingress, "a").statusCode()).isEqualTo(202);
            assertThat(order(ingress, "a").headers().firstValue("Idempotent-Replayed")).hasValue("true");

            redis.stop();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> passed = timedOrder(ingress, "down-" + i);
                assertThat(passed.statusCode()).isEqualTo(202);
                assertThat(passed.headers().firstValue("RateLimit-Limit")).isEmpty();
            }
            assertThat(ingress.metrics.registry().get("gateway.edge.store.degraded").gauge().value()).isEqualTo(1.0);
            assertThat(ingress.metrics.registry().get("gateway.edge.store.failures").counters()).isNotEmpty();

            redis.start();
            redis.flushAll();
            awaitRedisUsedAgain(ingress);
            // The limit of 2 holds again: the request that found Redis counted, one more fits, then 429.
            assertThat(order(ingress, "up-2").statusCode()).isEqualTo(202);
            assertThat(order(ingress, "up-3").statusCode()).isEqualTo(429);
            assertThat(ingress.metrics.registry().get("gateway.edge.store.degraded").gauge().value()).isEqualTo(0.0);
        }
    }

    @Test
    void failingClosedRefusesWith503WhileRedisIsDownAndRecovers() {
        try (RunningIngress ingress = ingress("closed")) {
            assertThat(order(ingress, "a").statusCode()).isEqualTo(202);

            redis.stop();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> refused = timedOrder(ingress, "down-" + i);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(json(refused).path("error").asText()).isEqualTo("unavailable");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(ingress.publisher.published()).hasSize(1);

            redis.start();
            redis.flushAll();
            awaitRedisUsedAgain(ingress);
        }
    }

    @Test
    void aStalledRedisCostsARequestItsTimeoutNotAHang() {
        try (RunningIngress ingress = ingress("open")) {
            assertThat(order(ingress, "a").statusCode()).isEqualTo(202);
            redis.pause(Duration.ofSeconds(2));
            HttpResponse<String> passed = timedOrder(ingress, "b");
            assertThat(passed.statusCode()).isEqualTo(202);
            assertThat(passed.headers().firstValue("RateLimit-Limit")).isEmpty();
        }
    }

    /** Lettuce reconnects on its own schedule (at most a second apart); wait for the first answer that used Redis. */
    private static void awaitRedisUsedAgain(RunningIngress ingress) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int n = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = order(ingress, "up-" + n++ % 2);
            if (response.statusCode() == 202 && response.headers().firstValue("RateLimit-Limit").isPresent()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("Redis was not used again within 15 s of its restart");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
