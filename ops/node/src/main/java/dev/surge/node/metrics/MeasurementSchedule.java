package dev.surge.node.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that refreshes the gauges that must be measured rather than counted (lag,
 * DLQ backlog, inventory levels). A measurement that fails is logged and tried again next time:
 * a gauge keeps its last value rather than the schedule dying with the first broker hiccup.
 */
public final class MeasurementSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MeasurementSchedule.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "surge-measurements");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration interval;

    public MeasurementSchedule(Duration interval) {
        this.interval = interval;
    }

    /** Runs {@code measurement} now and then every interval. */
    public void every(String name, Runnable measurement) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                measurement.run();
            } catch (RuntimeException e) {
                log.warn("measuring {} failed; the gauges keep their last values: {}", name, e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
