package dev.surge.query;

import dev.surge.schemas.OrderResult;
import dev.surge.topology.ResultListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Long-poll readers waiting for an order's result. The topology tells this listener when a result
 * reaches the order-status store; waiting readers are woken at once instead of polling the store.
 */
public final class ResultWaiters implements ResultListener {

    private final Map<String, List<CompletableFuture<OrderResult>>> waiting = new ConcurrentHashMap<>();

    /** Registers a waiter. Register before looking in the store, so a result arriving in between is not missed. */
    public CompletableFuture<OrderResult> register(String orderId) {
        CompletableFuture<OrderResult> future = new CompletableFuture<>();
        // Added inside compute: unregister() may drop an emptied list at the same moment.
        waiting.compute(orderId, (id, list) -> {
            List<CompletableFuture<OrderResult>> waiters = list == null ? new CopyOnWriteArrayList<>() : list;
            waiters.add(future);
            return waiters;
        });
        return future;
    }

    public void unregister(String orderId, CompletableFuture<OrderResult> future) {
        waiting.computeIfPresent(orderId, (id, list) -> {
            list.remove(future);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void onResult(String orderId, Supplier<OrderResult> result) {
        List<CompletableFuture<OrderResult>> list = waiting.remove(orderId);
        if (list != null) {
            OrderResult read = result.get();
            list.forEach(f -> f.complete(read));
        }
    }

    int waitingFor(String orderId) {
        List<CompletableFuture<OrderResult>> list = waiting.get(orderId);
        return list == null ? 0 : list.size();
    }
}
