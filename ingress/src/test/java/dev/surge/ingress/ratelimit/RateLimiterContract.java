package dev.surge.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.ingress.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do, run against each implementation. Limits whose window is
 * long compared with the test keep real clocks out of the answers; the one test that needs time to
 * pass asks the subclass to {@link #elapse} it.
 */
public abstract class RateLimiterContract {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final String prefix = "test-" + UUID.randomUUID() + ":";

    /** The limiter under test; may be shared across tests, keys are unique per test. */
    protected abstract RateLimiter limiter();

    /** Lets at least {@code duration} pass on the limiter's clock. */
    protected abstract void elapse(Duration duration) throws InterruptedException;

    protected RateLimit limit(String name, long max, Duration window) {
        return new RateLimit(prefix + name, max, window);
    }

    @Test
    void aFreshKeyAllowsExactlyMaxAtOnceThenRefusesForAtMostOneInterval() throws Exception {
        RateLimit limit = limit("user", 5, MINUTE);
        for (int i = 0; i < 5; i++) {
            assertThat(acquire(limit).allowed()).as("request %d", i + 1).isTrue();
        }

        RateDecision refused = acquire(limit);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo(5);
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(12));
        assertThat(refused.resetAfter()).isPositive().isLessThanOrEqualTo(MINUTE);
    }

    @Test
    void aWindowThatIsNoMultipleOfMaxStillAllowsMaxAtOnce() throws Exception {
        RateLimit limit = limit("user", 7, MINUTE);
        for (int i = 0; i < 7; i++) {
            assertThat(acquire(limit).allowed()).as("request %d", i + 1).isTrue();
        }
        assertThat(acquire(limit).allowed()).isFalse();
    }

    @Test
    void remainingCountsDownAndResetGrowsByOneInterval() throws Exception {
        RateLimit limit = limit("user", 5, MINUTE);

        List<RateDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            decisions.add(acquire(limit));
        }

        assertThat(decisions).extracting(RateDecision::remaining).containsExactly(4L, 3L, 2L, 1L, 0L);
        assertThat(decisions).allSatisfy(decision -> {
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.limit()).isEqualTo(5);
            assertThat(decision.retryAfter()).isZero();
        });
        // A fresh key is full again one interval after one request; after five, after the whole window.
        assertThat(decisions.getFirst().resetAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(12));
        assertThat(decisions.getLast().resetAfter()).isGreaterThan(Duration.ofSeconds(48)).isLessThanOrEqualTo(MINUTE);
    }

    @Test
    void aRefusedRequestUsesUpNoneOfItsLimits() throws Exception {
        RateLimit tight = limit("user", 2, MINUTE);
        RateLimit loose = limit("ip", 5, MINUTE);

        RateDecision first = limiter().acquire(List.of(tight, loose));
        assertThat(first.allowed()).isTrue();
        assertThat(first.limit()).as("the limit with fewest left describes it").isEqualTo(2);
        assertThat(first.remaining()).isEqualTo(1);
        assertThat(limiter().acquire(List.of(tight, loose)).allowed()).isTrue();

        for (int i = 0; i < 3; i++) {
            RateDecision refused = limiter().acquire(List.of(loose, tight));
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.limit()).as("the refusing limit describes it").isEqualTo(2);
        }

        RateDecision looseOnly = acquire(loose);
        assertThat(looseOnly.allowed()).isTrue();
        assertThat(looseOnly.remaining()).as("two allowed, three refused, this one").isEqualTo(2);
    }

    @Test
    void aRefusalDoesNotPushTheRetryFurtherOut() throws Exception {
        RateLimit limit = limit("user", 1, MINUTE);
        acquire(limit);

        RateDecision first = acquire(limit);
        RateDecision second = acquire(limit);

        assertThat(second.allowed()).isFalse();
        assertThat(second.retryAfter()).isLessThanOrEqualTo(first.retryAfter());
    }

    @Test
    void distinctKeysAreIndependent() throws Exception {
        RateLimit alice = limit("user:alice", 2, MINUTE);
        RateLimit bob = limit("user:bob", 2, MINUTE);
        acquire(alice);
        acquire(alice);
        assertThat(acquire(alice).allowed()).isFalse();

        RateDecision forBob = acquire(bob);

        assertThat(forBob.allowed()).isTrue();
        assertThat(forBob.remaining()).isEqualTo(1);
    }

    @Test
    void aRequestIsAllowedAgainOnceRetryAfterHasPassed() throws Exception {
        RateLimit limit = limit("user", 5, Duration.ofSeconds(1));
        RateDecision decision = acquire(limit);
        // Counted, not assumed: on a slow machine the interval (200 ms) may pass during the burst.
        for (int i = 0; decision.allowed(); i++) {
            assertThat(i).as("refused within a few requests").isLessThan(20);
            decision = acquire(limit);
        }
        assertThat(decision.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(200));

        elapse(decision.retryAfter());

        assertThat(acquire(limit).allowed()).isTrue();
    }

    @Test
    void concurrentCallersGetExactlyMax() throws Exception {
        RateLimit limit = limit("hot", 100, Duration.ofHours(1));
        int threads = 16;
        int attempts = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int allowed = 0;
                    for (int i = 0; i < attempts; i++) {
                        if (acquire(limit).allowed()) {
                            allowed++;
                        }
                    }
                    return allowed;
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Integer> result : results) {
                allowed += result.get();
            }
            assertThat(allowed).isEqualTo(100);
        }
    }

    private RateDecision acquire(RateLimit limit) throws StoreUnavailableException {
        return limiter().acquire(List.of(limit));
    }
}
