package dev.surge.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the instance is ready for traffic (started, not draining) and how many requests are in progress. A shutdown first turns
 * {@link #draining} on (readiness answers 503, new requests are refused) and then waits for the
 * requests already inside to finish, so a 202 is never cut off half-way.
 */
public final class Admission {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean started;
    private volatile boolean draining;
    private final List<Runnable> drainListeners = new CopyOnWriteArrayList<>();

    /** Everything is up: from now on readiness may say so. */
    public void markStarted() {
        started = true;
    }

    public boolean started() {
        return started;
    }

    void enter() {
        inFlight.incrementAndGet();
    }

    void exit() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    public void beginDrain() {
        draining = true;
        drainListeners.forEach(Runnable::run);
    }

    /**
     * Runs {@code listener} when the drain begins: for requests that would never finish by themselves
     * (live streams), which must end then, or the shutdown waits for them the whole drain timeout.
     */
    public void onDrain(Runnable listener) {
        drainListeners.add(listener);
    }

    public boolean draining() {
        return draining;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Waits until no request is in progress; false if some still were when {@code timeout} ran out. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
