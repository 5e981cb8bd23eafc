package dev.surge.local.demo;

import java.time.Duration;

/**
 * How fast the demo plays its sale. {@link #WATCH} is for a person at the console: about two and a
 * half minutes of steady orders, stock draining and coming back, lines forming and being served,
 * events flowing alongside. {@link #FAST} is the sale as fast as the machine goes (about 20 s of
 * orders, then the events), whose throughput and latency figures are the point: what CI and
 * {@code --exit} run. Both end with the same summary and the same checks.
 */
public enum DemoPace {

    FAST(Duration.ZERO),
    WATCH(Duration.ofSeconds(5));

    private final Duration countdown;

    DemoPace(Duration countdown) {
        this.countdown = countdown;
    }

    /**
     * The pace a command line asks for: {@code --watch} or {@code --fast} when given, otherwise
     * watch for the interactive demo (a person is there to see it) and fast with {@code --exit}
     * (a script waits for the exit code).
     *
     * @throws IllegalArgumentException when both are given
     */
    public static DemoPace choose(boolean exit, boolean watch, boolean fast) {
        if (watch && fast) {
            throw new IllegalArgumentException("--watch and --fast exclude each other");
        }
        if (watch || fast) {
            return watch ? WATCH : FAST;
        }
        return exit ? FAST : WATCH;
    }

    /**
     * Between the console's URL and the first order: time to open the console before the sale
     * starts. None at speed, where nobody is meant to watch.
     */
    public Duration countdown() {
        return countdown;
    }

    FlashSale sale() {
        return this == WATCH ? FlashSale.watch() : FlashSale.standard();
    }

    EventTraffic traffic() {
        return this == WATCH ? EventTraffic.watch() : EventTraffic.standard();
    }

    /** Sleeps until {@code after} has passed since {@code startNanos} (a {@link System#nanoTime()}). */
    static void sleepUntil(long startNanos, Duration after) throws InterruptedException {
        long wait = startNanos + after.toNanos() - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
