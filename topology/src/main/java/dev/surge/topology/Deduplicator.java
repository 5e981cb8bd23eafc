package dev.surge.topology;

import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Remembers which orders were seen, by idempotency key and by order_id, for the dedup window.
 * Both keys are kept so that a record re-sent with its own order_id never yields a second
 * result, and a retry under a new order_id but the same idempotency key is caught too.
 */
final class Deduplicator {

    /** What an earlier record left: the order that holds a key. */
    record Seen(String originalOrderId, boolean sameOrder) {
    }

    private final WindowStore<String, String> store;
    private final long windowMs;

    Deduplicator(WindowStore<String, String> store, Duration window) {
        this.store = store;
        this.windowMs = window.toMillis();
    }

    /** The earlier order within the window that shares the order_id or the idempotency key, if any. */
    Optional<Seen> check(String orderId, String idempotencyKey, long timestamp) {
        Optional<String> byOrder = lookup(orderKey(orderId), timestamp);
        if (byOrder.isPresent()) {
            return Optional.of(new Seen(byOrder.get(), true));
        }
        return lookup(idempotencyKey(idempotencyKey), timestamp)
                .map(original -> new Seen(original, original.equals(orderId)));
    }

    void remember(String orderId, String idempotencyKey, long timestamp) {
        rememberOrder(orderId, timestamp);
        store.put(idempotencyKey(idempotencyKey), orderId, timestamp);
    }

    /** Only the order_id: for a duplicate, whose idempotency key already belongs to another order. */
    void rememberOrder(String orderId, long timestamp) {
        store.put(orderKey(orderId), orderId, timestamp);
    }

    private Optional<String> lookup(String key, long timestamp) {
        // Strictly inside the window on either side: producers' clocks may disagree by a little.
        long from = Math.max(0, timestamp - windowMs + 1);
        long to = timestamp + windowMs - 1;
        try (WindowStoreIterator<String> hits = store.fetch(key, from, to)) {
            return hits.hasNext() ? Optional.of(hits.next().value) : Optional.empty();
        }
    }

    private static String orderKey(String orderId) {
        return "order:" + orderId;
    }

    private static String idempotencyKey(String key) {
        return "idem:" + key;
    }
}
