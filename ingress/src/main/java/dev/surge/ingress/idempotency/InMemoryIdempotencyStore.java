package dev.surge.ingress.idempotency;

import dev.surge.ingress.StoreUnavailableException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Idempotency keys in this process, for a single node (no Redis configured). Each operation is one
 * atomic {@link ConcurrentHashMap#compute}; expired entries count as absent when touched and are
 * swept whenever the map has doubled since the last sweep, so memory stays within twice the live entries.
 *
 * <p>Live entries are capped too, in number and in the bytes of the answers they keep (an events
 * batch's answer can be tens of KB, kept IDEMPOTENCY_TTL): a claim past either cap fails like an
 * unreachable Redis, and REDIS_FAILURE_MODE decides (open: the request goes on without a key).
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private static final int MIN_SWEEP_SIZE = 1024;
    static final int MAX_ENTRIES = 200_000;
    static final long MAX_ANSWER_BYTES = 64L << 20;
    private static final Duration MIN_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    /** {@code response == null} while in flight. */
    private record Entry(String fingerprint, String token, StoredResponse response, long expiresAtNanos) {

        boolean expired(long now) {
            return now - expiresAtNanos >= 0;
        }

        boolean heldBy(Claim.Claimed claim, long now) {
            return !expired(now) && response == null && token.equals(claim.token());
        }

        long answerBytes() {
            return response == null ? 0 : response.body().length;
        }
    }

    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ReentrantLock sweeping = new ReentrantLock();
    private final AtomicInteger sweepAt = new AtomicInteger(MIN_SWEEP_SIZE);
    private final AtomicLong answerBytes = new AtomicLong();
    private final int maxEntries;
    private final long maxAnswerBytes;

    public InMemoryIdempotencyStore() {
        this(System::nanoTime, MAX_ENTRIES, MAX_ANSWER_BYTES);
    }

    /** @param nanoTime a monotonic clock, like {@link System#nanoTime()}; tests move it by hand */
    InMemoryIdempotencyStore(LongSupplier nanoTime, int maxEntries, long maxAnswerBytes) {
        this.nanoTime = nanoTime;
        this.maxEntries = maxEntries;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /**
     * How long an {@link Claim.InFlight} client should wait: until the claim would expire, but at least
     * a second (no hammering) and at most five (the holder usually finishes much sooner).
     */
    static Duration inFlightRetryAfter(long remainingMillis) {
        return Duration.ofMillis(Math.clamp(remainingMillis, MIN_RETRY.toMillis(), MAX_RETRY.toMillis()));
    }

    @Override
    public Claim claim(String key, String fingerprint, Duration inFlightTtl) throws StoreUnavailableException {
        long now = nanoTime.getAsLong();
        if (full()) {
            sweep(now);
            if (full()) {
                throw new StoreUnavailableException("the in-process idempotency store holds its most keys ("
                        + maxEntries + ") or answers (" + (maxAnswerBytes >> 20) + " MiB); use Redis (REDIS_URL)"
                        + " for this volume", null);
            }
        }
        Claim[] outcome = new Claim[1];
        entries.compute(key, (k, entry) -> {
            if (entry == null || entry.expired(now)) {
                if (entry != null) {
                    answerBytes.addAndGet(-entry.answerBytes());
                }
                String token = UUID.randomUUID().toString();
                outcome[0] = new Claim.Claimed(token);
                return new Entry(fingerprint, token, null, now + inFlightTtl.toNanos());
            }
            if (!entry.fingerprint().equals(fingerprint)) {
                outcome[0] = new Claim.Mismatch();
            } else if (entry.response() == null) {
                outcome[0] = new Claim.InFlight(inFlightRetryAfter((entry.expiresAtNanos() - now) / 1_000_000));
            } else {
                outcome[0] = new Claim.Replay(entry.response());
            }
            return entry;
        });
        sweepIfLarge(now);
        return outcome[0];
    }

    @Override
    public void complete(String key, Claim.Claimed claim, StoredResponse response, Duration ttl) {
        long now = nanoTime.getAsLong();
        entries.computeIfPresent(key, (k, entry) -> {
            if (!entry.heldBy(claim, now)) {
                return entry;
            }
            answerBytes.addAndGet(response.body().length);
            return new Entry(entry.fingerprint(), entry.token(), response, now + ttl.toNanos());
        });
    }

    @Override
    public void release(String key, Claim.Claimed claim) {
        long now = nanoTime.getAsLong();
        entries.computeIfPresent(key, (k, entry) -> entry.heldBy(claim, now) ? null : entry);
    }

    int size() {
        return entries.size();
    }

    long answerBytes() {
        return answerBytes.get();
    }

    private boolean full() {
        return entries.size() >= maxEntries || answerBytes.get() >= maxAnswerBytes;
    }

    private void sweepIfLarge(long now) {
        if (entries.size() >= sweepAt.get()) {
            sweep(now);
        }
    }

    private void sweep(long now) {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            // Conditional remove: an entry replaced since it was read is kept.
            entries.forEach((key, entry) -> {
                if (entry.expired(now) && entries.remove(key, entry)) {
                    answerBytes.addAndGet(-entry.answerBytes());
                }
            });
            sweepAt.set(Math.max(MIN_SWEEP_SIZE, entries.size() * 2));
        } finally {
            sweeping.unlock();
        }
    }
}
