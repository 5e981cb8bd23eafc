package dev.surge.query;

import dev.surge.schemas.OrderResult;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * One order followed from the moment the watch began: whatever result the order gets after that
 * is seen, even one that arrives before {@link #now} is first asked. For a caller that acts on
 * what it finds and then waits for what follows (an order command). Close it when done.
 */
public interface OrderWatch extends AutoCloseable {

    /** The order's result now, from its running owner (never a replica); another key's order is not found. */
    QueryResult<OrderResult> now();

    /**
     * Waits up to {@code wait} for a result {@code done} accepts: that result, as soon as it
     * arrives; otherwise, when the wait runs out, the order's result as it stands then (which may
     * be on another instance by now, or not readable).
     */
    QueryResult<OrderResult> await(Predicate<OrderResult> done, Duration wait) throws InterruptedException;

    @Override
    void close();
}
