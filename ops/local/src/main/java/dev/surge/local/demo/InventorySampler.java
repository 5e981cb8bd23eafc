package dev.surge.local.demo;

import dev.surge.schemas.InventoryLevel;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads a few items' stock over HTTP (GET /v1/inventory/{item}) at a fixed pace while the sale
 * runs, and checks each answer: units held and units sold never exceed units supplied.
 */
final class InventorySampler implements AutoCloseable {

    private final DemoClient client;
    private final List<String> items;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("demo-inventory-sampler").daemon().factory());
    private final LongAdder samples = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder violations = new LongAdder();
    private final AtomicLong worstOversold = new AtomicLong();
    private final Map<String, InventoryLevel> latest = new ConcurrentHashMap<>();

    InventorySampler(DemoClient client, List<String> items, Duration every) {
        this.client = client;
        this.items = items;
        timer.scheduleWithFixedDelay(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        for (String item : items) {
            try {
                InventoryLevel level = client.inventory(item);
                if (level == null) {
                    failed.increment();
                    continue;
                }
                samples.increment();
                latest.put(item, level);
                long over = level.reserved() + level.confirmed() - level.supplied();
                if (over > 0) {
                    violations.increment();
                    worstOversold.accumulateAndGet(over, Math::max);
                }
            } catch (Exception e) {
                failed.increment();
            }
        }
    }

    /** The latest answer for each item read so far: what the progress line's stock figure adds up. */
    Collection<InventoryLevel> latest() {
        return List.copyOf(latest.values());
    }

    /** Answers checked. */
    long samples() {
        return samples.sum();
    }

    /** Answers in which held + sold exceeded supplied. */
    long violations() {
        return violations.sum();
    }

    /** The most units any one answer had oversold (0 when none). */
    long worstOversold() {
        return worstOversold.get();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
