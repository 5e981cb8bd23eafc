package dev.surge.query;

import dev.surge.http.auth.Viewer;
import dev.surge.schemas.OrderResult;
import java.time.Duration;

/** Order status by order_id, now or within a wait. */
public interface OrderLookup {

    /** The order's result, when {@code viewer} may see it; another key's order is not found. */
    QueryResult<OrderResult> find(String orderId, StaleReads stale, Viewer viewer);

    /**
     * Like {@link #find} (fresh reads only) but, while the order has no result yet, waits up to
     * {@code wait} for one. Another key's order is waited for as for one that does not exist, so
     * how long the answer took says nothing either.
     */
    QueryResult<OrderResult> await(String orderId, Duration wait, Viewer viewer) throws InterruptedException;

    /** Follows the order's results from now on, as {@code viewer} may see them ({@link OrderWatch}). */
    OrderWatch watch(String orderId, Viewer viewer);
}
