package dev.surge.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.http.RequestRejected;
import dev.surge.http.auth.Viewer;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderCommand.Type;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The decision of a confirm or cancel, over a fake order-status store and a fake topology that
 * answers the commands it is sent (or does not): which answer each state of the order gets, and
 * when a command is sent at all.
 */
class ReservationCommandsTest {

    private static final Viewer SHOP = new Viewer("shop-1", false);
    private static final Viewer OTHER_SHOP = new Viewer("shop-2", false);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> HEADERS = Map.of("correlation_id", "c-1");

    private final Map<String, OrderResult> store = new ConcurrentHashMap<>();
    private final ResultWaiters waiters = new ResultWaiters();
    private final List<OrderCommand> sent = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> sentHeaders = new CopyOnWriteArrayList<>();
    /** What the fake topology makes of a command: the results it writes, in order; none for "nothing". */
    private Function<OrderCommand, List<OrderStatus>> topology = command -> List.of();

    private final OrderCommands producer = (command, headers) -> {
        sent.add(command);
        sentHeaders.add(headers);
        // Written and announced before send() returns: faster than any real topology, so a waiter
        // registered only after the send would miss it.
        for (OrderStatus status : topology.apply(command)) {
            arrive(command.orderId(), status);
        }
    };
    private ReservationCommands commands = over((id, stale) -> store.containsKey(id)
            ? new QueryResult.Found<>(store.get(id)) : new QueryResult.NotFound<>());

    private ReservationCommands over(BiFunction<String, StaleReads, QueryResult<OrderResult>> lookup) {
        return new ReservationCommands(new OrderStatusQuery(lookup, waiters), producer);
    }

    private static OrderResult order(String orderId, OrderStatus status) {
        return new OrderResult(orderId, "sku-1", "u1", 2, status, null, null, 3L, "c-0", Instant.now(), Instant.now(),
                null, "shop-1", null);
    }

    private void arrive(String orderId, OrderStatus status) {
        OrderResult result = order(orderId, status);
        store.put(orderId, result);
        waiters.onResult(orderId, () -> result);
    }

    private ReservationCommands.Outcome apply(Type type, String orderId) throws Exception {
        return commands.apply(type, orderId, WAIT, SHOP, HEADERS);
    }

    @Test
    void anOrderAlreadyWhereTheCommandTakesItIsDoneAgainAndNothingIsSent() throws Exception {
        store.put("o1", order("o1", OrderStatus.CONFIRMED));
        store.put("o2", order("o2", OrderStatus.CANCELLED));

        assertThat(apply(Type.CONFIRM, "o1")).isEqualTo(new ReservationCommands.Done(store.get("o1")));
        assertThat(apply(Type.CANCEL, "o2")).isEqualTo(new ReservationCommands.Done(store.get("o2")));
        assertThat(sent).isEmpty();
    }

    @Test
    void anOrderThatEndedOtherwiseIsRefusedWithItsStatusAndNothingIsSent() throws Exception {
        for (OrderStatus ended : List.of(OrderStatus.EXPIRED, OrderStatus.CANCELLED, OrderStatus.SOLD_OUT,
                OrderStatus.REJECTED, OrderStatus.DUPLICATE)) {
            store.put("c-" + ended, order("c-" + ended, ended));
            assertThat(apply(Type.CONFIRM, "c-" + ended)).as(ended.name())
                    .isEqualTo(new ReservationCommands.Refused(store.get("c-" + ended)));
        }
        store.put("x1", order("x1", OrderStatus.CONFIRMED));
        store.put("x2", order("x2", OrderStatus.EXPIRED));

        assertThat(apply(Type.CANCEL, "x1")).isEqualTo(new ReservationCommands.Refused(store.get("x1")));
        assertThat(apply(Type.CANCEL, "x2")).isEqualTo(new ReservationCommands.Refused(store.get("x2")));
        assertThat(sent).isEmpty();
    }

    @Test
    void aWaitingOrderCannotBeConfirmedAndIsRefusedAtOnce() throws Exception {
        store.put("w1", order("w1", OrderStatus.WAITLISTED));
        long started = System.nanoTime();

        ReservationCommands.Outcome outcome = apply(Type.CONFIRM, "w1");

        assertThat(outcome).isEqualTo(new ReservationCommands.Refused(store.get("w1")));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(sent).isEmpty();
    }

    @Test
    void aHeldOrderIsConfirmedByOneCommandOnItsItemsKeyAndAnsweredWithTheNewResult() throws Exception {
        store.put("o3", order("o3", OrderStatus.RESERVED));
        topology = command -> List.of(OrderStatus.CONFIRMED);
        long started = System.nanoTime();

        ReservationCommands.Outcome outcome = apply(Type.CONFIRM, "o3");

        assertThat(outcome).isInstanceOf(ReservationCommands.Done.class);
        assertThat(((ReservationCommands.Done) outcome).result().status()).isEqualTo(OrderStatus.CONFIRMED);
        // Woken by the result, not by the end of the wait.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(sent).singleElement().satisfies(command -> {
            assertThat(command.orderId()).isEqualTo("o3");
            assertThat(command.itemId()).isEqualTo("sku-1");
            assertThat(command.type()).isEqualTo(Type.CONFIRM);
            assertThat(command.commandId()).matches("[A-Za-z0-9_-]{1,64}");
            assertThat(command.issuedAt()).isNotNull();
        });
        assertThat(sentHeaders).containsExactly(HEADERS);
        assertThat(waiters.waitingFor("o3")).isZero();
    }

    @Test
    void aHoldThatExpiredBeforeTheConfirmIsRefusedWithExpired() throws Exception {
        store.put("o4", order("o4", OrderStatus.RESERVED));
        topology = command -> List.of(OrderStatus.EXPIRED);

        ReservationCommands.Outcome outcome = apply(Type.CONFIRM, "o4");

        assertThat(outcome).isInstanceOf(ReservationCommands.Refused.class);
        assertThat(((ReservationCommands.Refused) outcome).result().status()).isEqualTo(OrderStatus.EXPIRED);
    }

    @Test
    void aWaitingOrderServedFromTheLineBeforeItsCancelIsStillCancelled() throws Exception {
        store.put("w2", order("w2", OrderStatus.WAITLISTED));
        // Released units reached it first; the cancel, applied right after, ends the new hold.
        topology = command -> List.of(OrderStatus.RESERVED, OrderStatus.CANCELLED);

        ReservationCommands.Outcome outcome = apply(Type.CANCEL, "w2");

        assertThat(outcome).isInstanceOf(ReservationCommands.Done.class);
        assertThat(((ReservationCommands.Done) outcome).result().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aHeldOrderIsCancelledAndAWaitingOneLeavesTheLine() throws Exception {
        store.put("o5", order("o5", OrderStatus.RESERVED));
        store.put("w3", order("w3", OrderStatus.WAITLISTED));
        topology = command -> List.of(OrderStatus.CANCELLED);

        assertThat(apply(Type.CANCEL, "o5")).isInstanceOf(ReservationCommands.Done.class);
        assertThat(apply(Type.CANCEL, "w3")).isInstanceOf(ReservationCommands.Done.class);
        assertThat(sent).extracting(OrderCommand::orderId).containsExactly("o5", "w3");
    }

    @Test
    void noDecisionWithinTheWaitIsPendingWithTheStatusLastSeen() throws Exception {
        store.put("o6", order("o6", OrderStatus.RESERVED));
        long started = System.nanoTime();

        ReservationCommands.Outcome outcome = commands.apply(Type.CONFIRM, "o6", Duration.ofMillis(300), SHOP, HEADERS);

        assertThat(outcome).isEqualTo(new ReservationCommands.Pending(store.get("o6")));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(sent).hasSize(1);
        assertThat(waiters.waitingFor("o6")).isZero();
    }

    @Test
    void withoutAWaitTheCommandIsSentAndPendingAtOnce() throws Exception {
        store.put("o7", order("o7", OrderStatus.RESERVED));

        ReservationCommands.Outcome outcome = commands.apply(Type.CANCEL, "o7", Duration.ZERO, SHOP, HEADERS);

        assertThat(outcome).isEqualTo(new ReservationCommands.Pending(store.get("o7")));
        assertThat(sent).hasSize(1);
    }

    @Test
    void anUnknownOrderAndAnotherKeysOrderAreBothUnknownAndNothingIsSent() throws Exception {
        store.put("o8", order("o8", OrderStatus.RESERVED));

        assertThat(apply(Type.CONFIRM, "no-such")).isEqualTo(new ReservationCommands.Unknown());
        assertThat(commands.apply(Type.CONFIRM, "o8", WAIT, OTHER_SHOP, HEADERS))
                .isEqualTo(new ReservationCommands.Unknown());
        assertThat(commands.apply(Type.CANCEL, "o8", WAIT, OTHER_SHOP, HEADERS))
                .isEqualTo(new ReservationCommands.Unknown());
        assertThat(sent).isEmpty();
    }

    @Test
    void anOrderAnotherInstanceOwnsIsItsToDecide() throws Exception {
        HostInfo owner = new HostInfo("owner", 8080);
        commands = over((id, stale) -> new QueryResult.Remote<>(owner));

        assertThat(apply(Type.CONFIRM, "o9"))
                .isEqualTo(new ReservationCommands.Elsewhere(new QueryResult.Remote<>(owner)));
        assertThat(sent).isEmpty();
        assertThat(waiters.waitingFor("o9")).isZero();
    }

    @Test
    void aStoreThatCannotAnswerIsUnavailable() throws Exception {
        commands = over((id, stale) -> new QueryResult.Unavailable<>("rebalancing"));

        assertThat(apply(Type.CANCEL, "o10")).isEqualTo(new ReservationCommands.Unavailable("rebalancing"));
        assertThat(sent).isEmpty();
    }

    @Test
    void aCommandTheBrokerDidNotTakeIsRefusedAsItsProducerSays() {
        store.put("o11", order("o11", OrderStatus.RESERVED));
        commands = new ReservationCommands(new OrderStatusQuery(
                (id, stale) -> new QueryResult.Found<>(store.get(id)), waiters),
                (command, headers) -> {
                    throw RequestRejected.unavailable("not acknowledged");
                });

        assertThatThrownBy(() -> apply(Type.CONFIRM, "o11")).isInstanceOf(RequestRejected.class)
                .hasMessageContaining("not acknowledged");
        assertThat(waiters.waitingFor("o11")).isZero();
    }

    @Test
    void theRulesAreTheTopologys() {
        assertThat(ReservationCommands.target(Type.CONFIRM)).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(ReservationCommands.target(Type.CANCEL)).isEqualTo(OrderStatus.CANCELLED);
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(ReservationCommands.moves(Type.CONFIRM, status)).as("confirm " + status)
                    .isEqualTo(status == OrderStatus.RESERVED);
            assertThat(ReservationCommands.moves(Type.CANCEL, status)).as("cancel " + status).isEqualTo(status.open());
        }
    }
}
