package dev.surge.local.demo;

import dev.surge.node.kafka.TopicWatch;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * Watches order-results as a read_committed consumer, as the queryable order-status table does, and
 * notes when each order's result became visible. Latency = visible − the moment the 202 came back.
 */
final class ResultWatcher implements AutoCloseable {

    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> visibleAt = new ConcurrentHashMap<>();
    private final TopicWatch watch;

    ResultWatcher(String bootstrapServers, String topic) {
        watch = new TopicWatch(bootstrapServers, topic, "demo-result-watcher", visibleAt::putIfAbsent);
    }

    void accepted(String orderId, long nanoTime) {
        acceptedAt.put(orderId, nanoTime);
    }

    int visible() {
        return visibleAt.size();
    }

    /** Waits until every given order's result was seen; returns how many were not. */
    long awaitAll(Collection<String> orderIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !visibleAt.keySet().containsAll(orderIds)) {
            Thread.sleep(50);
        }
        return orderIds.stream().filter(id -> !visibleAt.containsKey(id)).count();
    }

    /** The latest moment any result became visible, for the throughput figure. */
    long lastVisibleAt() {
        return visibleAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
    }

    Histogram latencyMicros() {
        Histogram histogram = new Histogram(3);
        acceptedAt.forEach((id, accepted) -> {
            Long visible = visibleAt.get(id);
            if (visible != null) {
                // A result can be seen a hair before the 202 reaches the buyer: count that as 0.
                histogram.recordValue(Math.max(0, (visible - accepted) / 1000));
            }
        });
        return histogram;
    }

    @Override
    public void close() throws InterruptedException {
        watch.close();
    }
}
