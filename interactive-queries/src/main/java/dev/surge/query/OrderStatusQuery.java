package dev.surge.query;

import dev.surge.http.auth.Viewer;
import dev.surge.schemas.JsonSerde;
import dev.surge.schemas.OrderResult;
import dev.surge.topology.OrderStores;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** Order status from the order-status table, with long-poll waits fed by {@link ResultWaiters}. */
public final class OrderStatusQuery implements OrderLookup {

    /** While the store cannot answer (a rebalance), look again this often within a wait. */
    private static final Duration RETRY = Duration.ofMillis(200);

    private final BiFunction<String, StaleReads, QueryResult<OrderResult>> lookup;
    private final ResultWaiters waiters;

    /** The store holds each result as order-results does, as JSON bytes; it is read here, on demand. */
    public OrderStatusQuery(KafkaStreams streams, HostInfo self, ReplicaLags lags, ResultWaiters waiters) {
        this(readingJson(new KeyValueLookup<byte[]>(streams, OrderStores.ORDER_STATUS, self, lags)), waiters);
    }

    private static BiFunction<String, StaleReads, QueryResult<OrderResult>> readingJson(
            KeyValueLookup<byte[]> lookup) {
        Deserializer<OrderResult> reader = new JsonSerde<>(OrderResult.class).deserializer();
        return (orderId, stale) -> lookup.get(orderId, stale)
                .map(bytes -> reader.deserialize(OrderStores.ORDER_STATUS, bytes));
    }

    OrderStatusQuery(BiFunction<String, StaleReads, QueryResult<OrderResult>> lookup, ResultWaiters waiters) {
        this.lookup = lookup;
        this.waiters = waiters;
    }

    private static Predicate<OrderResult> visibleTo(Viewer viewer) {
        return result -> viewer.sees(result.placedBy());
    }

    @Override
    public QueryResult<OrderResult> find(String orderId, StaleReads stale, Viewer viewer) {
        return lookup.apply(orderId, stale).visibleIf(visibleTo(viewer));
    }

    @Override
    public QueryResult<OrderResult> await(String orderId, Duration wait, Viewer viewer) throws InterruptedException {
        Predicate<OrderResult> visible = visibleTo(viewer);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            CompletableFuture<OrderResult> arrival = waiters.register(orderId);
            try {
                QueryResult<OrderResult> now = lookup.apply(orderId, StaleReads.NONE).visibleIf(visible);
                long left = deadline - System.nanoTime();
                if (now instanceof QueryResult.Found<OrderResult> || now instanceof QueryResult.Remote<OrderResult>
                        || left <= 0) {
                    return now;
                }
                long pause = now instanceof QueryResult.Unavailable<OrderResult>
                        ? Math.min(left, RETRY.toNanos()) : left;
                try {
                    OrderResult arrived = arrival.get(pause, TimeUnit.NANOSECONDS);
                    if (visible.test(arrived)) {
                        return new QueryResult.Found<>(arrived);
                    }
                    Thread.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    return new QueryResult.NotFound<>();
                } catch (TimeoutException e) {
                    if (deadline - System.nanoTime() <= 0) {
                        return lookup.apply(orderId, StaleReads.NONE).visibleIf(visible);
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            } finally {
                waiters.unregister(orderId, arrival);
            }
        }
    }

    @Override
    public OrderWatch watch(String orderId, Viewer viewer) {
        return new Watch(orderId, visibleTo(viewer));
    }

    /** A waiter registered from the start, and again after each result, so that none goes unseen. */
    private final class Watch implements OrderWatch {

        private final String orderId;
        private final Predicate<OrderResult> visible;
        private CompletableFuture<OrderResult> next;

        Watch(String orderId, Predicate<OrderResult> visible) {
            this.orderId = orderId;
            this.visible = visible;
            this.next = waiters.register(orderId);
        }

        @Override
        public QueryResult<OrderResult> now() {
            return lookup.apply(orderId, StaleReads.NONE).visibleIf(visible);
        }

        @Override
        public QueryResult<OrderResult> await(Predicate<OrderResult> done, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return now();
                }
                OrderResult arrived;
                try {
                    arrived = next.get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    return now();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
                // Registered again before anything else: a result after this one is not missed either.
                next = waiters.register(orderId);
                if (visible.test(arrived) && done.test(arrived)) {
                    return new QueryResult.Found<>(arrived);
                }
                // One may have come between the two registrations: the store has it.
                QueryResult<OrderResult> stored = now();
                if (stored instanceof QueryResult.Found<OrderResult> found && done.test(found.value())) {
                    return stored;
                }
            }
        }

        @Override
        public void close() {
            waiters.unregister(orderId, next);
        }
    }
}
