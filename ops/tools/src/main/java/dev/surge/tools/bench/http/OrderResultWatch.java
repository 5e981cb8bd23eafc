package dev.surge.tools.bench.http;

import dev.surge.node.kafka.TopicWatch;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads order-results from its end as a read_committed consumer, as the queryable order-status
 * table does: for every order whose result comes, when it became visible and how many results
 * it got (exactly one, or the topology broke a promise).
 */
final class OrderResultWatch implements AutoCloseable {

    /** When an order's first result was seen (System.nanoTime) and how many came. */
    record Seen(long firstAt, int results) {
    }

    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final TopicWatch watch;

    /** Returns once the end of the topic is known: every result from then on is seen. */
    OrderResultWatch(String bootstrapServers, String topic) {
        watch = new TopicWatch(bootstrapServers, topic, "bench-order-results", (orderId, at) ->
                seen.merge(orderId, new Seen(at, 1), (first, again) -> new Seen(first.firstAt(), first.results() + 1)));
    }

    Seen seen(String orderId) {
        return seen.get(orderId);
    }

    /**
     * Waits until every given order has a result, or until none came for {@code patience};
     * returns how many have none. Says how many are still to come every few seconds.
     */
    long awaitAll(Collection<String> orderIds, Duration patience, String scenario, PrintStream progress)
            throws InterruptedException {
        // Only the ones still missing are looked at again: a scan of every order each round would
        // take CPU from the topology being waited for.
        List<String> missing = new ArrayList<>(orderIds);
        missing.removeIf(seen::containsKey);
        long progressAt = System.nanoTime();
        long reportedAt = progressAt;
        while (!missing.isEmpty() && System.nanoTime() - progressAt < patience.toNanos()) {
            Thread.sleep(100);
            if (missing.removeIf(seen::containsKey)) {
                progressAt = System.nanoTime();
            }
            if (System.nanoTime() - reportedAt > REPORT_EVERY.toNanos()) {
                progress.printf("    %s: %,d results to come%n", scenario, missing.size());
                reportedAt = System.nanoTime();
            }
        }
        return missing.size();
    }

    @Override
    public void close() throws InterruptedException {
        watch.close();
    }
}
