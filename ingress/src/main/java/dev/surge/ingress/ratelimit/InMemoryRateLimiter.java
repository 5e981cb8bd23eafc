package dev.surge.ingress.ratelimit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * {@link Gcra} in this process, for a single node (no Redis configured). One lock makes a call
 * atomic across all its limits; the work under it is a few map operations. Keys back at full
 * allowance are dropped, so memory follows the number of recently active keys.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private static final int MIN_SWEEP_SIZE = 1024;

    private final LongSupplier nanoTime;
    // A ReentrantLock, not synchronized: request threads may be virtual and must not pin their carrier on JDK 21.
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> tats = new HashMap<>(); // guarded by lock; TAT in micros
    private int sweepAt = MIN_SWEEP_SIZE; // guarded by lock

    public InMemoryRateLimiter() {
        this(System::nanoTime);
    }

    /** @param nanoTime a monotonic clock, like {@link System#nanoTime()}; tests move it by hand */
    InMemoryRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public RateDecision acquire(List<RateLimit> limits) {
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("at least one limit is required");
        }
        lock.lock();
        try {
            long now = nanoTime.getAsLong() / 1_000;
            long[] current = new long[limits.size()];
            boolean allowed = true;
            for (int i = 0; i < current.length; i++) {
                current[i] = Gcra.effectiveTat(tats.get(limits.get(i).key()), now);
                allowed &= Gcra.fits(limits.get(i), current[i], now);
            }
            if (allowed) {
                for (int i = 0; i < current.length; i++) {
                    tats.put(limits.get(i).key(), current[i] + Gcra.intervalMicros(limits.get(i)));
                }
                sweepIfLarge(now);
            }
            return Gcra.decision(limits, current, now, allowed);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return tats.size();
        } finally {
            lock.unlock();
        }
    }

    /** Sweeping only when the map doubled keeps the cost amortised O(1) and the map within twice its live keys. */
    private void sweepIfLarge(long now) {
        if (tats.size() < sweepAt) {
            return;
        }
        tats.values().removeIf(tat -> tat <= now);
        sweepAt = Math.max(MIN_SWEEP_SIZE, tats.size() * 2);
    }
}
