package dev.surge.local.demo;

import dev.surge.node.kafka.TopicTail;
import dev.surge.schemas.Json;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Watches order-results as a read_committed consumer, as the queryable order-status table does:
 * notes when each order's first result became visible (latency = visible − the moment the 202
 * came back), keeps where each order has been (an order's changes share its key, so they arrive
 * in order), and hands every result to a listener, the checkout, on the watcher's thread.
 */
final class ResultWatcher implements AutoCloseable {

    /**
     * Where an order has been: its latest result, whether it ever held units, waited in line, or
     * was served from the line, and when (nanoTime) its first and latest results were read.
     */
    record History(OrderResult last, boolean reserved, boolean waitlisted, boolean servedFromWaitlist,
                   long firstSeenAt, long lastSeenAt) {

        static History of(OrderResult result, long at) {
            return new History(result, false, false, false, at, at).then(result, at);
        }

        History then(OrderResult result, long at) {
            return new History(result, reserved || result.status() == OrderStatus.RESERVED,
                    waitlisted || result.status() == OrderStatus.WAITLISTED,
                    servedFromWaitlist || OrderResult.FROM_WAITLIST.equals(result.reason())
                            && result.status() == OrderStatus.RESERVED,
                    firstSeenAt, at);
        }

        boolean open() {
            return last.status().open();
        }
    }

    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final Map<String, History> histories = new ConcurrentHashMap<>();
    private final LongAdder unreadable = new LongAdder();
    private final Consumer<OrderResult> listener;
    private final TopicTail tail;
    private final Thread thread;
    private volatile boolean running = true;

    /** Returns once the end of the topic is known: every result from then on is seen. */
    ResultWatcher(String bootstrapServers, String topic, Consumer<OrderResult> listener) {
        this.listener = listener;
        this.tail = TopicTail.atEnd(bootstrapServers, topic);
        this.thread = Thread.ofPlatform().name("demo-result-watcher").daemon().start(this::watch);
    }

    private void watch() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : tail.consumer().poll(Duration.ofMillis(200))) {
                    seen(record, System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } finally {
            tail.close();
        }
    }

    private void seen(ConsumerRecord<byte[], byte[]> record, long at) {
        OrderResult result;
        try {
            result = Json.MAPPER.readValue(record.value(), OrderResult.class);
        } catch (Exception e) {
            unreadable.increment();
            return;
        }
        String orderId = new String(record.key(), StandardCharsets.UTF_8);
        histories.merge(orderId, History.of(result, at), (before, first) -> before.then(result, at));
        try {
            listener.accept(result);
        } catch (RuntimeException e) {
            // The checkout's trouble is its own; the watch goes on.
        }
    }

    void accepted(String orderId, long nanoTime) {
        acceptedAt.put(orderId, nanoTime);
    }

    /** Orders with at least one result seen. */
    int visible() {
        return histories.size();
    }

    /** The order's history, or null when no result of it was seen. */
    History history(String orderId) {
        return histories.get(orderId);
    }

    /** Orders whose latest result is open: {@code [RESERVED, WAITLISTED]}. */
    long[] open() {
        long reserved = 0;
        long waitlisted = 0;
        for (History h : histories.values()) {
            if (h.last().status() == OrderStatus.RESERVED) {
                reserved++;
            } else if (h.last().status() == OrderStatus.WAITLISTED) {
                waitlisted++;
            }
        }
        return new long[] {reserved, waitlisted};
    }

    /** How many results had a latest status {@code status}. */
    long ended(OrderStatus status) {
        return histories.values().stream().filter(h -> h.last().status() == status).count();
    }

    /** Results that could not be read as an OrderResult. */
    long unreadable() {
        return unreadable.sum();
    }

    /** Waits until every given order's first result was seen; returns how many were not. */
    long awaitAll(Collection<String> orderIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !histories.keySet().containsAll(orderIds)) {
            Thread.sleep(50);
        }
        return orderIds.stream().filter(id -> !histories.containsKey(id)).count();
    }

    /**
     * Waits until every given order has a final result (nothing RESERVED or WAITLISTED, nothing
     * without a result); returns how many had none by the deadline.
     */
    long awaitFinal(Collection<String> orderIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && notFinal(orderIds) > 0) {
            Thread.sleep(100);
        }
        return notFinal(orderIds);
    }

    private long notFinal(Collection<String> orderIds) {
        return orderIds.stream().filter(id -> {
            History h = histories.get(id);
            return h == null || h.open();
        }).count();
    }

    /** The latest moment any order's first result became visible, for the throughput figure. */
    long lastFirstVisibleAt() {
        return histories.values().stream().mapToLong(History::firstSeenAt).max().orElse(System.nanoTime());
    }

    /** The latest moment any result became visible: when the last order ended. */
    long lastVisibleAt() {
        return histories.values().stream().mapToLong(History::lastSeenAt).max().orElse(System.nanoTime());
    }

    /** Accepted → first result visible, of every order both were seen of. */
    Histogram latencyMicros() {
        Histogram histogram = new Histogram(3);
        acceptedAt.forEach((id, accepted) -> {
            History h = histories.get(id);
            if (h != null) {
                // A result can be seen a hair before the 202 reaches the buyer: count that as 0.
                histogram.recordValue(Math.max(0, (h.firstSeenAt() - accepted) / 1000));
            }
        });
        return histogram;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        tail.consumer().wakeup();
        thread.join(5_000);
    }
}
