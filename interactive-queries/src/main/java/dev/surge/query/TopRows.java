package dev.surge.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The {@code limit} first rows in an order, kept while rows stream past: memory for {@code limit} rows, whatever passes. */
final class TopRows<R> {

    private final Comparator<R> order;
    private final int limit;
    /** The last of the rows kept is at the head, ready to be pushed out by a better one. */
    private final PriorityQueue<R> kept;

    TopRows(Comparator<R> order, int limit) {
        this.order = order;
        this.limit = limit;
        this.kept = new PriorityQueue<>(order.reversed());
    }

    void offer(R row) {
        if (kept.size() < limit) {
            kept.add(row);
        } else if (order.compare(row, kept.peek()) < 0) {
            kept.poll();
            kept.add(row);
        }
    }

    List<R> largestFirst() {
        List<R> rows = new ArrayList<>(kept);
        rows.sort(order);
        return rows;
    }
}
