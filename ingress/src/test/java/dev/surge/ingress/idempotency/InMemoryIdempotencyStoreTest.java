package dev.surge.ingress.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.ingress.StoreUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(nanos::get,
            InMemoryIdempotencyStore.MAX_ENTRIES, InMemoryIdempotencyStore.MAX_ANSWER_BYTES);

    @Override
    protected IdempotencyStore store() {
        return store;
    }

    @Override
    protected void elapse(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void inFlightRetryAfterFollowsTheClaimsRemainingLifeWithinOneToFiveSeconds() throws Exception {
        store.claim(key("short"), "fp", Duration.ofMillis(300));
        store.claim(key("medium"), "fp", Duration.ofMillis(3_500));
        store.claim(key("long"), "fp", Duration.ofMinutes(1));

        assertThat(retryAfter("short")).isEqualTo(Duration.ofSeconds(1));
        assertThat(retryAfter("medium")).isEqualTo(Duration.ofMillis(3_500));
        assertThat(retryAfter("long")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void expiredEntriesAreSweptAsTheMapGrows() throws Exception {
        for (int i = 0; i < 5_000; i++) {
            store.claim(key("old-" + i), "fp", Duration.ofSeconds(1));
        }
        elapse(Duration.ofSeconds(2));
        for (int i = 0; i < 4_000; i++) {
            store.claim(key("new-" + i), "fp", Duration.ofSeconds(1));
        }

        assertThat(store.size()).as("the expired entries went in the sweep once the map had doubled").isEqualTo(4_000);
    }

    @Test
    void pastItsCapOfKeysAClaimFailsAsAnUnreachableStoreWouldUntilKeysExpire() throws Exception {
        InMemoryIdempotencyStore small = new InMemoryIdempotencyStore(nanos::get, 3, Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            small.claim(key("k-" + i), "fp", Duration.ofSeconds(1));
        }

        assertThatThrownBy(() -> small.claim(key("k-3"), "fp", Duration.ofSeconds(1)))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("REDIS_URL");
        elapse(Duration.ofSeconds(2));
        assertThat(small.claim(key("k-3"), "fp", Duration.ofSeconds(1))).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void theAnswersKeptAreCappedInBytesAndGivenBackAsTheyExpire() throws Exception {
        InMemoryIdempotencyStore small = new InMemoryIdempotencyStore(nanos::get, 100, 10_000);
        for (int i = 0; i < 2; i++) {
            Claim.Claimed claimed = (Claim.Claimed) small.claim(key("big-" + i), "fp", Duration.ofSeconds(5));
            small.complete(key("big-" + i), claimed, new StoredResponse(202, Map.of(), new byte[6_000]),
                    Duration.ofSeconds(10));
        }

        assertThat(small.answerBytes()).isEqualTo(12_000);
        assertThatThrownBy(() -> small.claim(key("one-more"), "fp", Duration.ofSeconds(1)))
                .isInstanceOf(StoreUnavailableException.class);
        elapse(Duration.ofSeconds(11));
        assertThat(small.claim(key("one-more"), "fp", Duration.ofSeconds(1))).isInstanceOf(Claim.Claimed.class);
        assertThat(small.answerBytes()).isZero();
    }

    private Duration retryAfter(String name) throws Exception {
        return ((Claim.InFlight) store.claim(key(name), "fp", Duration.ofMinutes(1))).retryAfter();
    }
}
