package dev.surge.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.http.auth.Viewer;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class OrderStatusQueryTest {

    private static final Viewer SHOP = new Viewer("shop-1", false);
    private static final Viewer OTHER_SHOP = new Viewer("shop-2", false);
    private static final Viewer SUPPORT = new Viewer("support", true);

    private final Map<String, OrderResult> store = new ConcurrentHashMap<>();
    private final ResultWaiters waiters = new ResultWaiters();
    private final OrderStatusQuery query = new OrderStatusQuery(
            (id, stale) -> store.containsKey(id) ? new QueryResult.Found<>(store.get(id)) : new QueryResult.NotFound<>(),
            waiters);

    static OrderResult reserved(String orderId) {
        return new OrderResult(orderId, "sku-1", "u1", 1, OrderStatus.RESERVED, null, null, 4L, "c", Instant.now(),
                Instant.now(), null, "shop-1", null);
    }

    @Test
    void findsWhatIsThereWithoutWaiting() throws Exception {
        store.put("o1", reserved("o1"));

        assertThat(query.await("o1", Duration.ofSeconds(5), SHOP)).isInstanceOf(QueryResult.Found.class);
        assertThat(waiters.waitingFor("o1")).isZero();
    }

    @Test
    void aWaitingReaderIsWokenByTheResult() throws Exception {
        CompletableFuture<QueryResult<OrderResult>> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return query.await("o2", Duration.ofSeconds(20), SHOP);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (waiters.waitingFor("o2") == 0) {
            Thread.sleep(5);
        }
        store.put("o2", reserved("o2"));
        waiters.onResult("o2", () -> reserved("o2"));

        // Far less than the 20 s wait: the reader was woken, it did not time out into a lookup.
        assertThat(reader.get(2, TimeUnit.SECONDS)).isInstanceOf(QueryResult.Found.class);
        assertThat(waiters.waitingFor("o2")).isZero();
    }

    @Test
    void aWaitThatRunsOutSaysNotFound() throws Exception {
        assertThat(query.await("never", Duration.ofMillis(50), SHOP)).isInstanceOf(QueryResult.NotFound.class);
        assertThat(waiters.waitingFor("never")).isZero();
    }

    @Test
    void aKeyOwnedElsewhereIsNotWaitedFor() throws Exception {
        HostInfo other = new HostInfo("other", 8080);
        OrderStatusQuery remote = new OrderStatusQuery((id, stale) -> new QueryResult.Remote<>(other), waiters);

        assertThat(remote.await("o3", Duration.ofSeconds(30), SHOP)).isEqualTo(new QueryResult.Remote<>(other));
    }

    @Test
    void anotherKeysOrderIsNotFoundAndSeenByAllOrders() throws Exception {
        store.put("o4", reserved("o4"));

        assertThat(query.find("o4", StaleReads.NONE, OTHER_SHOP)).isInstanceOf(QueryResult.NotFound.class);
        assertThat(query.find("o4", StaleReads.NONE, SHOP)).isInstanceOf(QueryResult.Found.class);
        assertThat(query.find("o4", StaleReads.NONE, SUPPORT)).isInstanceOf(QueryResult.Found.class);
    }

    @Test
    void anotherKeysOrderIsWaitedForAsIfItDidNotExist() throws Exception {
        store.put("o5", reserved("o5"));

        long started = System.nanoTime();
        assertThat(query.await("o5", Duration.ofMillis(300), OTHER_SHOP)).isInstanceOf(QueryResult.NotFound.class);
        // Not answered at once: that would tell the caller the order exists.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aStaleCopyOfAnotherKeysOrderIsNotFoundEither() {
        OrderResult copy = reserved("o6");
        OrderStatusQuery replica = new OrderStatusQuery((id, stale) -> new QueryResult.Stale<>(copy, 7), waiters);

        assertThat(replica.find("o6", StaleReads.NONE, OTHER_SHOP)).isInstanceOf(QueryResult.NotFound.class);
        assertThat(replica.find("o6", StaleReads.NONE, SHOP)).isEqualTo(new QueryResult.Stale<>(copy, 7));
    }
}
