package dev.surge.topology;

import dev.surge.schemas.OrderResult;
import java.util.function.Supplier;

/**
 * Told of each order result once it is in the queryable order-status store, so that a reader
 * waiting for it (a long-poll) need not poll. Called on a stream thread: return quickly.
 */
@FunctionalInterface
public interface ResultListener {

    /**
     * @param result the result, read from its bytes only when asked: most results have nobody
     *               waiting for them, and reading every one cost the topology a tenth of its time
     */
    void onResult(String orderId, Supplier<OrderResult> result);
}
