package dev.surge.topology;

import dev.surge.schemas.OrderResult;

/**
 * Told of each order result once it is in the queryable order-status store, so that a reader
 * waiting for it (a long-poll) need not poll. Called on a stream thread: return quickly.
 */
@FunctionalInterface
public interface ResultListener {

    void onResult(OrderResult result);
}
