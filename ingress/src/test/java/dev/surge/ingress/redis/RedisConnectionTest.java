package dev.surge.ingress.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.ingress.StoreUnavailableException;
import dev.surge.ingress.idempotency.Claim;
import dev.surge.ingress.idempotency.RedisIdempotencyStore;
import dev.surge.ingress.ratelimit.RateLimit;
import dev.surge.ingress.ratelimit.RedisRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that dies, comes back, stalls or is not there yet. Time bounds are loose on purpose (a
 * second for a 100 ms timeout): they tell "fails fast" from "hangs", not one millisecond from another.
 */
class RedisConnectionTest {

    private static final Duration TIMEOUT = Duration.ofMillis(100);
    private static final Duration FAST = Duration.ofSeconds(1);
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private static RedisServerProcess server;

    private RedisConnection connection;
    private RedisRateLimiter limiter;
    private RedisIdempotencyStore store;

    @BeforeAll
    static void startRedis() {
        server = new RedisServerProcess();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void connect() throws Exception {
        server.start();
        connection = RedisConnection.open(server.url(), TIMEOUT);
        limiter = new RedisRateLimiter(connection);
        store = new RedisIdempotencyStore(connection);
        // The first calls load classes and scripts; keep them out of the timed parts.
        awaitWorking();
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void aStoppedRedisFailsFastAndIsUsedAgainOnceItIsBack() throws Exception {
        server.stop();

        for (int i = 0; i < 3; i++) {
            assertFailsFast(this::acquire);
            assertFailsFast(() -> store.claim(key(), "fp", Duration.ofSeconds(10)));
            assertFailsFast(() -> store.release(key(), new Claim.Claimed("t")));
        }
        assertThat(connection.ping()).isFalse();

        // Same port, empty script cache: lettuce reconnects and EVALSHA's NOSCRIPT falls back to EVAL.
        server.start();
        awaitWorking();
        assertThat(connection.ping()).isTrue();
    }

    @Test
    void aFlushedScriptCacheIsLoadedAgain() throws Exception {
        assertThat(server.command("SCRIPT", "FLUSH")).isEqualTo("+OK");

        assertThat(acquire()).isTrue();
        assertThat(store.claim(key(), "fp", Duration.ofSeconds(10))).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aStalledRedisFailsFast() throws Exception {
        server.pause(Duration.ofSeconds(1));

        assertFailsFast(this::acquire);
        assertFailsFast(() -> store.claim(key(), "fp", Duration.ofSeconds(10)));
        long start = System.nanoTime();
        assertThat(connection.ping()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);

        awaitWorking();
    }

    @Test
    void openReturnsWhileNothingListensAndConnectsOnceRedisIsThere() throws Exception {
        server.stop();
        long start = System.nanoTime();
        try (RedisConnection early = RedisConnection.open(server.url(), TIMEOUT)) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("open does not wait for a refused port")
                    .isLessThan(FAST);
            RedisRateLimiter earlyLimiter = new RedisRateLimiter(early);
            assertFailsFast(() -> earlyLimiter.acquire(List.of(new RateLimit(key(), 10, Duration.ofMinutes(1)))));
            assertThat(early.ping()).isFalse();

            server.start();

            awaitUntil("a connection to the started Redis", early::ping);
            assertThat(earlyLimiter.acquire(List.of(new RateLimit(key(), 10, Duration.ofMinutes(1)))).allowed()).isTrue();
        }
    }

    @Test
    void closeStopsLettucesThreads() throws InterruptedException {
        // This test's own connection would start threads lazily and blur the picture.
        connection.close();
        Set<String> before = lettuceThreads();
        RedisConnection other = RedisConnection.open(server.url(), TIMEOUT);
        assertThat(other.ping()).isTrue();
        assertThat(lettuceThreads()).as("its own event loop").isNotEqualTo(before);

        other.close();

        // A thread may outlive its event loop's termination by a moment.
        awaitUntil("lettuce's threads to end", () -> before.containsAll(lettuceThreads()));
        assertThat(other.ping()).as("a closed connection answers nothing, without throwing").isFalse();
    }

    private boolean acquire() throws StoreUnavailableException {
        return limiter.acquire(List.of(new RateLimit(key(), 1_000, Duration.ofMinutes(1)))).allowed();
    }

    private static String key() {
        return "test-" + UUID.randomUUID();
    }

    private static void assertFailsFast(ThrowingCallable call) {
        long start = System.nanoTime();
        assertThatThrownBy(call).isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    /** The limiter and the store both answer, which needs a connection and both scripts loaded. */
    private void awaitWorking() throws InterruptedException {
        awaitUntil("the limiter and the store to answer", () -> {
            acquire();
            store.claim(key(), "fp", Duration.ofSeconds(10));
            return true;
        });
    }

    private interface Probe {
        boolean ok() throws Exception;
    }

    private static void awaitUntil(String what, Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (probe.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Waited " + RECOVERY + " in vain for " + what, last);
    }

    private static Set<String> lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("lettuce-"))
                .collect(Collectors.toSet());
    }
}
