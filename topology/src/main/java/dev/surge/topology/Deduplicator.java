package dev.surge.topology;

import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Remembers which orders were seen, by idempotency key and by order_id, for the dedup window.
 * Both keys are kept so that a record re-sent with its own order_id never yields a second
 * result, and a retry under a new order_id but the same idempotency key is caught too.
 *
 * <p>Most orders have no idempotency key of their own: their key is their order_id. Such an order
 * is remembered by one entry, "order:&lt;id&gt;" holding {@link #ORDER_AND_KEY}, which also
 * stands for "idem:&lt;id&gt;"; an order with a key of its own gets both entries. One write per
 * order instead of two, each a RocksDB put and a changelog record.
 */
final class Deduplicator {

    /** What an earlier record left: the order that holds a key. */
    record Seen(String originalOrderId, boolean sameOrder) {
    }

    /** The value of "order:&lt;id&gt;" when the order's idempotency key is its id. No order_id looks like it. */
    static final String ORDER_AND_KEY = "=";

    private final WindowStore<String, String> store;
    private final long windowMs;

    Deduplicator(WindowStore<String, String> store, Duration window) {
        this.store = store;
        this.windowMs = window.toMillis();
    }

    /** The earlier order within the window that shares the order_id or the idempotency key, if any. */
    Optional<Seen> check(String orderId, String idempotencyKey, long timestamp) {
        if (lookup(orderKey(orderId), timestamp).isPresent()) {
            return Optional.of(new Seen(orderId, true));
        }
        Optional<String> byKey = lookup(idempotencyKey(idempotencyKey), timestamp);
        if (byKey.isEmpty() && !idempotencyKey.equals(orderId)) {
            // An order whose id is this key, and whose key was its id, holds the key too.
            byKey = lookup(orderKey(idempotencyKey), timestamp)
                    .filter(ORDER_AND_KEY::equals)
                    .map(marker -> idempotencyKey);
        }
        return byKey.map(original -> new Seen(original, original.equals(orderId)));
    }

    void remember(String orderId, String idempotencyKey, long timestamp) {
        if (idempotencyKey.equals(orderId)) {
            store.put(orderKey(orderId), ORDER_AND_KEY, timestamp);
        } else {
            rememberOrder(orderId, timestamp);
            store.put(idempotencyKey(idempotencyKey), orderId, timestamp);
        }
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
