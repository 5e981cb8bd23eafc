package dev.surge.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT, taken over from the JVM. Left to shutdown hooks, the JVM would exit 143 on
 * SIGTERM, and other libraries' hooks would race our drain; taken over, main decides the order of
 * the stop and exits 0.
 */
public final class StopSignal {

    private final CountDownLatch received = new CountDownLatch(1);

    private StopSignal() {
    }

    public static StopSignal install() {
        StopSignal stop = new StopSignal();
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> stop.received.countDown());
        }
        return stop;
    }

    public void await() throws InterruptedException {
        received.await();
    }

    /** Waits up to {@code timeout}; whether the signal came: for work that must stop midway when it does. */
    public boolean await(Duration timeout) throws InterruptedException {
        return received.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
