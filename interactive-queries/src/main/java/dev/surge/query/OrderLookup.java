package dev.surge.query;

import dev.surge.schemas.OrderResult;
import java.time.Duration;

/** Order status by order_id, now or within a wait. */
public interface OrderLookup {

    QueryResult<OrderResult> find(String orderId, StaleReads stale);

    /** Like {@link #find} (fresh reads only) but, while the order has no result yet, waits up to {@code wait} for one. */
    QueryResult<OrderResult> await(String orderId, Duration wait) throws InterruptedException;
}
