package dev.surge.ingress.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdempotencyStore} must do, run against each implementation. TTLs are long
 * unless a test is about expiry; those ask the subclass to {@link #elapse} time.
 */
public abstract class IdempotencyStoreContract {

    private static final Duration LONG = Duration.ofMinutes(1);
    private static final Duration SHORT = Duration.ofMillis(100);
    private static final StoredResponse ACCEPTED = new StoredResponse(202,
            Map.of("Content-Type", "application/json", "Location", "/orders/o-1", "X-Empty", ""),
            new byte[] {'{', '}', 0, (byte) 0xff, (byte) 0xc3, '\n'});

    private final String prefix = "test-" + UUID.randomUUID() + ":";

    /** The store under test; may be shared across tests, keys are unique per test. */
    protected abstract IdempotencyStore store();

    /** Lets at least {@code duration} pass on the store's clock. */
    protected abstract void elapse(Duration duration) throws InterruptedException;

    protected String key(String name) {
        return prefix + name;
    }

    @Test
    void theFirstClaimWinsAndTheSecondIsToldToRetryLater() throws Exception {
        String key = key("k");

        Claim first = store().claim(key, "fp", LONG);
        Claim second = store().claim(key, "fp", LONG);

        assertThat(first).isInstanceOf(Claim.Claimed.class);
        assertThat(((Claim.Claimed) first).token()).isNotBlank();
        assertThat(second).isInstanceOfSatisfying(Claim.InFlight.class, inFlight ->
                assertThat(inFlight.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }

    @Test
    void anotherBodyUnderTheSameKeyIsAMismatch() throws Exception {
        String key = key("k");
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "fp", LONG);

        assertThat(store().claim(key, "other", LONG)).isInstanceOf(Claim.Mismatch.class);

        store().complete(key, claim, ACCEPTED, LONG);
        assertThat(store().claim(key, "other", LONG)).isInstanceOf(Claim.Mismatch.class);
    }

    @Test
    void aCompletedRequestIsReplayedByteForByte() throws Exception {
        String key = key("k");
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "fp", LONG);

        store().complete(key, claim, ACCEPTED, LONG);

        assertThat(store().claim(key, "fp", LONG)).isInstanceOfSatisfying(Claim.Replay.class, replay -> {
            assertThat(replay.response().status()).isEqualTo(202);
            assertThat(replay.response().headers()).isEqualTo(ACCEPTED.headers());
            assertThat(replay.response().body()).isEqualTo(ACCEPTED.body());
        });
    }

    @Test
    void anEmptyResponseWithoutHeadersIsReplayed() throws Exception {
        String key = key("k");
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "fp", LONG);

        store().complete(key, claim, new StoredResponse(204, Map.of(), new byte[0]), LONG);

        assertThat(store().claim(key, "fp", LONG)).isInstanceOfSatisfying(Claim.Replay.class, replay -> {
            assertThat(replay.response().status()).isEqualTo(204);
            assertThat(replay.response().headers()).isEmpty();
            assertThat(replay.response().body()).isEmpty();
        });
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() throws Exception {
        String key = key("k");
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "fp", LONG);

        store().release(key, claim);

        assertThat(store().claim(key, "fp", LONG)).isInstanceOfSatisfying(Claim.Claimed.class, again ->
                assertThat(again.token()).isNotEqualTo(claim.token()));
    }

    @Test
    void aStaleTokenCannotCompleteOrRelease() throws Exception {
        String key = key("k");
        store().claim(key, "fp", LONG);
        Claim.Claimed stale = new Claim.Claimed("not-the-token");

        store().complete(key, stale, ACCEPTED, LONG);
        store().release(key, stale);

        assertThat(store().claim(key, "fp", LONG)).isInstanceOf(Claim.InFlight.class);
    }

    @Test
    void aClaimThatExpiredAndWasTakenOverCannotCompleteOrRelease() throws Exception {
        String key = key("k");
        Claim.Claimed expired = (Claim.Claimed) store().claim(key, "fp", SHORT);
        elapse(SHORT.multipliedBy(2));
        Claim.Claimed current = (Claim.Claimed) store().claim(key, "fp", LONG);

        store().complete(key, expired, ACCEPTED, LONG);
        store().release(key, expired);

        assertThat(store().claim(key, "fp", LONG)).isInstanceOf(Claim.InFlight.class);
        store().complete(key, current, ACCEPTED, LONG);
        assertThat(store().claim(key, "fp", LONG)).isInstanceOf(Claim.Replay.class);
    }

    @Test
    void aStoredResponseIsNeitherReleasedNorOverwritten() throws Exception {
        String key = key("k");
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "fp", LONG);
        store().complete(key, claim, ACCEPTED, LONG);

        store().release(key, claim);
        store().complete(key, claim, new StoredResponse(500, Map.of(), new byte[0]), LONG);

        assertThat(store().claim(key, "fp", LONG)).isInstanceOfSatisfying(Claim.Replay.class, replay ->
                assertThat(replay.response().status()).isEqualTo(202));
    }

    @Test
    void anAbandonedClaimExpiresAfterItsInFlightTtl() throws Exception {
        String key = key("k");
        store().claim(key, "fp", SHORT);

        elapse(SHORT.multipliedBy(2));

        assertThat(store().claim(key, "other", LONG)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aStoredResponseExpiresAfterItsTtl() throws Exception {
        String key = key("k");
        Claim.Claimed claim = (Claim.Claimed) store().claim(key, "fp", LONG);
        store().complete(key, claim, ACCEPTED, SHORT);

        elapse(SHORT.multipliedBy(2));

        assertThat(store().claim(key, "fp", LONG)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void keysAreIndependent() throws Exception {
        store().claim(key("a"), "fp", LONG);

        assertThat(store().claim(key("b"), "fp", LONG)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void concurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
        String key = key("hot");
        int threads = 32;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Claim>> claims = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    return store().claim(key, "fp", LONG);
                }));
            }
            start.countDown();
            List<Claim> outcomes = new ArrayList<>();
            for (Future<Claim> claim : claims) {
                outcomes.add(claim.get());
            }
            assertThat(outcomes).filteredOn(Claim.Claimed.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(Claim.InFlight.class::isInstance).hasSize(threads - 1);
        }
    }
}
