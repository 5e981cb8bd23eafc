package dev.surge.local.demo;

import dev.surge.node.kafka.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Watches order-results as a read_committed consumer, as the queryable order-status table does, and
 * notes when each order's result became visible. Latency = visible − the moment the 202 came back.
 */
final class ResultWatcher implements AutoCloseable {

    private final TopicTail tail;
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> visibleAt = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ResultWatcher(String bootstrapServers, String topic) {
        tail = TopicTail.atEnd(bootstrapServers, topic);
        thread = Thread.ofPlatform().name("demo-result-watcher").daemon().start(this::watch);
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

    private void watch() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : tail.consumer().poll(Duration.ofMillis(200))) {
                    visibleAt.putIfAbsent(new String(record.key(), StandardCharsets.UTF_8), System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } finally {
            tail.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        tail.consumer().wakeup();
        thread.join(5_000);
    }
}
