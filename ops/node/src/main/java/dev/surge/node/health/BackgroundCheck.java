package dev.surge.node.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A health check that waits on I/O (Kafka's describe calls take their whole timeout when the broker
 * is gone), asked on a thread of its own; {@link #check()} answers with the last result at once. So
 * no request thread ever waits on the broker, however many probes and dashboards ask at once.
 * A result older than {@code staleAfter} means the check itself is stuck: that is DOWN.
 */
public final class BackgroundCheck implements HealthCheck, AutoCloseable {

    private final HealthCheck slow;
    private final Duration staleAfter;
    private final ScheduledExecutorService executor;
    private volatile Health last;
    private volatile long lastAt;

    private BackgroundCheck(HealthCheck slow, Duration staleAfter) {
        this.slow = slow;
        this.staleAfter = staleAfter;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "surge-health-" + slow.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Asks {@code slow} once now, on the caller's thread (a node starting, which waits on the broker
     * anyway), so the first /health has an answer; then every {@code interval} after the last answer.
     */
    public static BackgroundCheck start(HealthCheck slow, Duration interval, Duration staleAfter) {
        BackgroundCheck check = new BackgroundCheck(slow, staleAfter);
        check.ask();
        check.executor.scheduleWithFixedDelay(check::ask, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return check;
    }

    private void ask() {
        Health health;
        try {
            health = slow.check();
        } catch (RuntimeException e) {
            // A check must not throw; if one does, the schedule goes on and says why.
            health = Health.down("the check failed: " + e);
        }
        last = health;
        lastAt = System.nanoTime();
    }

    @Override
    public String name() {
        return slow.name();
    }

    @Override
    public Health check() {
        Health health = last;
        long ageNanos = System.nanoTime() - lastAt;
        if (ageNanos > staleAfter.toNanos()) {
            return Health.down("no answer from the check for " + Duration.ofNanos(ageNanos).toSeconds()
                    + " s (last: " + health.status() + ")");
        }
        return health;
    }

    @Override
    public boolean required() {
        return slow.required();
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
