package dev.surge.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimiterContract {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(nanos::get);

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    @Override
    protected void elapse(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void theAllowanceComesBackOneIntervalAtATime() {
        RateLimit limit = limit("user", 5, Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            limiter.acquire(List.of(limit));
        }
        RateDecision refused = limiter.acquire(List.of(limit));
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(200));
        assertThat(refused.resetAfter()).isEqualTo(Duration.ofSeconds(1));

        elapse(Duration.ofMillis(199));
        assertThat(limiter.acquire(List.of(limit)).allowed()).isFalse();
        elapse(Duration.ofMillis(1));
        assertThat(limiter.acquire(List.of(limit))).isEqualTo(
                new RateDecision(true, 5, 0, Duration.ofSeconds(1), Duration.ZERO));

        elapse(Duration.ofSeconds(1));
        assertThat(limiter.acquire(List.of(limit)).remaining()).isEqualTo(4);
    }

    @Test
    void keysBackAtFullAllowanceAreForgotten() {
        for (int i = 0; i < 5_000; i++) {
            limiter.acquire(List.of(limit("user:" + i, 10, Duration.ofSeconds(1))));
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(5_000);

        elapse(Duration.ofSeconds(1));
        for (int i = 0; i < 4_000; i++) {
            limiter.acquire(List.of(limit("ip:" + i, 10, Duration.ofSeconds(1))));
        }

        assertThat(limiter.size()).as("the idle keys went in the sweep once the map had doubled").isEqualTo(4_000);
    }
}
