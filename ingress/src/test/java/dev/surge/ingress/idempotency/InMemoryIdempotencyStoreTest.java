package dev.surge.ingress.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(nanos::get);

    @Override
    protected IdempotencyStore store() {
        return store;
    }

    @Override
    protected void elapse(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void inFlightRetryAfterFollowsTheClaimsRemainingLifeWithinOneToFiveSeconds() {
        store.claim(key("short"), "fp", Duration.ofMillis(300));
        store.claim(key("medium"), "fp", Duration.ofMillis(3_500));
        store.claim(key("long"), "fp", Duration.ofMinutes(1));

        assertThat(retryAfter("short")).isEqualTo(Duration.ofSeconds(1));
        assertThat(retryAfter("medium")).isEqualTo(Duration.ofMillis(3_500));
        assertThat(retryAfter("long")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void expiredEntriesAreSweptAsTheMapGrows() {
        for (int i = 0; i < 5_000; i++) {
            store.claim(key("old-" + i), "fp", Duration.ofSeconds(1));
        }
        elapse(Duration.ofSeconds(2));
        for (int i = 0; i < 4_000; i++) {
            store.claim(key("new-" + i), "fp", Duration.ofSeconds(1));
        }

        assertThat(store.size()).as("the expired entries went in the sweep once the map had doubled").isEqualTo(4_000);
    }

    private Duration retryAfter(String name) {
        return ((Claim.InFlight) store.claim(key(name), "fp", Duration.ofMinutes(1))).retryAfter();
    }
}
