package dev.surge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.OrderCommand;
import dev.surge.schemas.OrderResult;
import dev.surge.schemas.OrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reservation lifecycle on exactly the production topology: confirm, cancel, expiry and the
 * waitlist, and their races. The wall clock is the driver's, moved on by hand.
 */
class ReservationLifecycleTest {

    private static final String ITEM = "sku-1";

    @TempDir
    Path stateDir;

    private OrderPipeline pipeline;

    private OrderPipeline start(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("RESERVATION_TTL", "1m", "WAITLIST_TTL", "5m"));
        env.putAll(settings);
        pipeline = new OrderPipeline(stateDir, env);
        return pipeline;
    }

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aReservationHoldsItsUnitsUntilItsTtlAndSaysWhen() {
        start(Map.of());
        pipeline.setStock(ITEM, 10);
        pipeline.order("o-1", "u1", ITEM, 2);

        OrderResult reserved = pipeline.onlyResult();
        assertThat(reserved.status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(reserved.expiresAt()).isEqualTo(OrderPipeline.START.plus(Duration.ofMinutes(1)));
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::confirmed).containsExactly(8L, 2L, 0L);
    }

    @Test
    void confirmSellsTheUnitsForGoodAndARepeatChangesNothing() {
        start(Map.of());
        pipeline.setStock(ITEM, 10);
        pipeline.order("o-1", "u1", ITEM, 2);
        pipeline.results();

        pipeline.confirm("o-1", ITEM);
        OrderResult confirmed = pipeline.onlyResult();
        pipeline.confirm("o-1", ITEM);
        pipeline.advance(Duration.ofMinutes(5));

        assertThat(confirmed).extracting(OrderResult::orderId, OrderResult::status, OrderResult::remaining,
                OrderResult::expiresAt, OrderResult::correlationId).containsExactly("o-1", OrderStatus.CONFIRMED, 8L,
                null, "corr-o-1");
        assertThat(pipeline.results()).as("no second outcome, and no expiry after the confirm").isEmpty();
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::confirmed).containsExactly(8L, 0L, 2L);
        assertThat(pipeline.status("o-1").status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(pipeline.outcomes.moved).containsExactly("RESERVED->CONFIRMED");
        assertThat(pipeline.outcomes.withoutEffect).containsExactly("CONFIRM");
    }

    @Test
    void cancelGivesTheUnitsBackOnce() {
        start(Map.of());
        pipeline.setStock(ITEM, 3);
        pipeline.order("o-1", "u1", ITEM, 3);
        pipeline.results();

        pipeline.cancel("o-1", ITEM);
        pipeline.cancel("o-1", ITEM);
        pipeline.confirm("o-1", ITEM);

        assertThat(pipeline.results()).extracting(OrderResult::status, OrderResult::remaining)
                .containsExactly(tuple(OrderStatus.CANCELLED, 3L));
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::confirmed).containsExactly(3L, 0L, 0L);
    }

    @Test
    void anUnconfirmedReservationExpiresAndAConfirmAfterThatChangesNothing() {
        start(Map.of());
        pipeline.setStock(ITEM, 5);
        pipeline.order("o-1", "u1", ITEM, 5);
        pipeline.results();

        pipeline.advance(Duration.ofSeconds(59));
        assertThat(pipeline.results()).as("still held a second before its TTL").isEmpty();
        pipeline.advance(Duration.ofSeconds(2));
        pipeline.confirm("o-1", ITEM);

        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status)
                .containsExactly(tuple("o-1", OrderStatus.EXPIRED));
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::confirmed).containsExactly(5L, 0L, 0L);
        assertThat(pipeline.status("o-1").status()).isEqualTo(OrderStatus.EXPIRED);
    }

    @Test
    void aConfirmJustBeforeTheExpiryWinsAndTheExpiryFindsNothing() {
        start(Map.of());
        pipeline.setStock(ITEM, 5);
        pipeline.order("o-1", "u1", ITEM, 1);
        pipeline.results();

        pipeline.advance(Duration.ofSeconds(59));
        pipeline.confirm("o-1", ITEM);
        pipeline.advance(Duration.ofMinutes(10));

        assertThat(pipeline.results()).extracting(OrderResult::status).containsExactly(OrderStatus.CONFIRMED);
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::confirmed).containsExactly(4L, 0L, 1L);
    }

    @Test
    void aConfirmSentAfterTheHoldEndedLosesEvenBeforeTheExpiryScan() {
        start(Map.of());
        pipeline.setStock(ITEM, 5);
        pipeline.order("o-1", "u1", ITEM, 2);
        pipeline.order("o-2", "u2", ITEM, 2);
        pipeline.results();
        Instant ended = OrderPipeline.START.plus(Duration.ofMinutes(1));

        // No wall-clock time passes, so no scan: the commands' own time says the holds had ended.
        pipeline.endReservation(ITEM, new OrderCommand(null, "o-1", ITEM, OrderCommand.Type.CONFIRM, null), ended);
        pipeline.endReservation(ITEM, new OrderCommand(null, "o-2", ITEM, OrderCommand.Type.CONFIRM, null),
                ended.minusMillis(1));

        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status)
                .containsExactly(tuple("o-1", OrderStatus.EXPIRED), tuple("o-2", OrderStatus.CONFIRMED));
        assertThat(pipeline.outcomes.withoutEffect).containsExactly("CONFIRM");
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::confirmed).containsExactly(3L, 0L, 2L);
    }

    @Test
    void aTtlOfZeroHoldsUntilConfirmedOrCancelled() {
        start(Map.of("RESERVATION_TTL", "0"));
        pipeline.setStock(ITEM, 5);
        pipeline.order("o-1", "u1", ITEM, 1);

        assertThat(pipeline.onlyResult().expiresAt()).isNull();
        pipeline.advance(Duration.ofDays(3));
        assertThat(pipeline.results()).isEmpty();
        pipeline.cancel("o-1", ITEM);
        assertThat(pipeline.onlyResult().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aSoldOutOrderThatAsksToWaitIsServedByReleasedUnitsInArrivalOrder() {
        start(Map.of());
        pipeline.setStock(ITEM, 3);
        pipeline.order("o-1", "u1", ITEM, 3);
        pipeline.waitingOrder("w-1", "u2", ITEM, 2);
        pipeline.waitingOrder("w-2", "u3", ITEM, 3);
        pipeline.waitingOrder("w-3", "u4", ITEM, 1);
        pipeline.order("plain", "u5", ITEM, 1);

        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status)
                .containsExactly(tuple("o-1", OrderStatus.RESERVED), tuple("w-1", OrderStatus.WAITLISTED),
                        tuple("w-2", OrderStatus.WAITLISTED), tuple("w-3", OrderStatus.WAITLISTED),
                        tuple("plain", OrderStatus.SOLD_OUT));
        assertThat(level().waitlisted()).isEqualTo(3);

        pipeline.cancel("o-1", ITEM);

        // 3 units back: w-1 takes 2; w-2 wants 3 of the 1 left and keeps its place; w-3 takes the last.
        List<OrderResult> moved = pipeline.results();
        assertThat(moved).extracting(OrderResult::orderId, OrderResult::status, OrderResult::reason)
                .containsExactly(tuple("o-1", OrderStatus.CANCELLED, null),
                        tuple("w-1", OrderStatus.RESERVED, OrderResult.FROM_WAITLIST),
                        tuple("w-3", OrderStatus.RESERVED, OrderResult.FROM_WAITLIST));
        assertThat(moved.get(1).expiresAt()).as("a hold of its own").isNotNull();
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::waitlisted).containsExactly(0L, 3L, 1L);
        assertThat(pipeline.outcomes.moved).containsExactly("RESERVED->CANCELLED", "WAITLISTED->RESERVED",
                "WAITLISTED->RESERVED");
    }

    @Test
    void releasedUnitsReachASmallOrderFarDownALineOfLargerOnes() {
        start(Map.of("RESERVATION_TTL", "0"));
        pipeline.setStock(ITEM, 1);
        pipeline.order("o-1", "u0", ITEM, 1);
        for (int i = 0; i < 600; i++) {
            pipeline.waitingOrder("big-" + i, "u" + i, ITEM, 2);
        }
        pipeline.waitingOrder("small", "u-small", ITEM, 1);
        pipeline.results();

        pipeline.cancel("o-1", ITEM);

        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status)
                .containsExactly(tuple("o-1", OrderStatus.CANCELLED), tuple("small", OrderStatus.RESERVED));
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::waitlisted).containsExactly(0L, 600L);

        pipeline.restock(ITEM, 4);
        assertThat(pipeline.results()).extracting(OrderResult::orderId)
                .as("the head of the line, in arrival order").containsExactly("big-0", "big-1");
    }

    @Test
    void anExpiryServesTheLineAndAWaitThatRunsOutEndsSoldOut() {
        start(Map.of("RESERVATION_TTL", "1m", "WAITLIST_TTL", "3m"));
        pipeline.setStock(ITEM, 1);
        pipeline.order("o-1", "u1", ITEM, 1);
        pipeline.waitingOrder("w-1", "u2", ITEM, 1);
        pipeline.waitingOrder("w-2", "u3", ITEM, 1);
        pipeline.results();

        pipeline.advance(Duration.ofSeconds(61));
        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status)
                .containsExactly(tuple("o-1", OrderStatus.EXPIRED), tuple("w-1", OrderStatus.RESERVED));

        // One scan after a long pause: w-1's new hold (1 min) ended before w-2's wait (3 min), so
        // its unit goes to w-2 rather than w-2 being turned away.
        pipeline.advance(Duration.ofMinutes(3));
        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status)
                .containsExactly(tuple("w-1", OrderStatus.EXPIRED), tuple("w-2", OrderStatus.RESERVED));
        pipeline.advance(Duration.ofSeconds(61));
        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status)
                .containsExactly(tuple("w-2", OrderStatus.EXPIRED));
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::reserved,
                InventoryLevel::waitlisted).containsExactly(1L, 0L, 0L);
    }

    @Test
    void aWaitThatRunsOutIsSoldOutWithItsReason() {
        start(Map.of("RESERVATION_TTL", "0", "WAITLIST_TTL", "2m"));
        pipeline.setStock(ITEM, 1);
        pipeline.order("o-1", "u1", ITEM, 1);
        pipeline.waitingOrder("w-1", "u2", ITEM, 1);
        pipeline.results();

        pipeline.advance(Duration.ofSeconds(121));

        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status, OrderResult::reason)
                .containsExactly(tuple("w-1", OrderStatus.SOLD_OUT, OrderResult.WAITLIST_EXPIRED));
        assertThat(level().waitlisted()).isZero();
    }

    @Test
    void aRestockServesTheLineBeforeNewOrders() {
        start(Map.of());
        pipeline.setStock(ITEM, 0);
        pipeline.waitingOrder("w-1", "u1", ITEM, 2);
        pipeline.results();

        pipeline.restock(ITEM, 3);
        pipeline.order("late", "u2", ITEM, 2);

        assertThat(pipeline.results()).extracting(OrderResult::orderId, OrderResult::status)
                .containsExactly(tuple("w-1", OrderStatus.RESERVED), tuple("late", OrderStatus.SOLD_OUT));
    }

    @Test
    void aWaitingOrderCanBeCancelledAndCannotBeConfirmed() {
        start(Map.of());
        pipeline.setStock(ITEM, 0);
        pipeline.waitingOrder("w-1", "u1", ITEM, 1);
        pipeline.results();

        pipeline.confirm("w-1", ITEM);
        assertThat(pipeline.results()).isEmpty();
        pipeline.cancel("w-1", ITEM);
        pipeline.restock(ITEM, 1);

        assertThat(pipeline.results()).extracting(OrderResult::status).containsExactly(OrderStatus.CANCELLED);
        assertThat(level()).extracting(InventoryLevel::available, InventoryLevel::waitlisted).containsExactly(1L, 0L);
    }

    @Test
    void aFullLineTurnsTheNextWaiterAwaySoldOut() {
        start(Map.of("WAITLIST_MAX_PER_ITEM", "1"));
        pipeline.setStock(ITEM, 0);
        pipeline.waitingOrder("w-1", "u1", ITEM, 1);
        pipeline.waitingOrder("w-2", "u2", ITEM, 1);

        assertThat(pipeline.results()).extracting(OrderResult::status)
                .containsExactly(OrderStatus.WAITLISTED, OrderStatus.SOLD_OUT);
    }

    @Test
    void commandsAreCheckedLikeEveryInput() {
        start(Map.of());
        pipeline.setStock(ITEM, 1);
        pipeline.order("o-1", "u1", ITEM, 1);
        pipeline.results();

        pipeline.rawEndReservation(ITEM, "{not json");
        pipeline.rawEndReservation(ITEM, "{\"order_id\":\"o-1\",\"item_id\":\"sku-1\",\"type\":\"REFUND\"}");
        pipeline.endReservation("other-item", new OrderCommand(null, "o-1", ITEM, OrderCommand.Type.CONFIRM, null));
        pipeline.cancel("o-1", "other-item");

        assertThat(pipeline.deadLetters()).extracting(r -> OrderPipeline.headersOf(r).reason())
                .containsExactly(DlqRecord.Reason.INVALID_JSON, DlqRecord.Reason.SCHEMA_VIOLATION,
                        DlqRecord.Reason.KEY_MISMATCH);
        assertThat(pipeline.results()).as("another item's command does not touch this item's hold").isEmpty();
        assertThat(level().reserved()).isEqualTo(1);
    }

    /**
     * A storm of orders, confirms, cancels, restocks and clock moves, checked after every step:
     * held + sold never exceed supplied, and each order moves only from an open status, to end once.
     */
    @Test
    void heldPlusSoldNeverExceedSuppliedAndEveryOrderEndsOnce() {
        start(Map.of("RESERVATION_TTL", "30s", "WAITLIST_TTL", "90s"));
        Random random = new Random(15);
        pipeline.setStock(ITEM, 20);
        Map<String, OrderStatus> latest = new HashMap<>();
        long supplied = 20;
        int orders = 0;
        for (int step = 0; step < 3_000; step++) {
            int action = random.nextInt(10);
            String some = "o-" + random.nextInt(Math.max(1, orders));
            switch (action) {
                case 0, 1, 2 -> {
                    String id = "o-" + orders++;
                    if (random.nextBoolean()) {
                        pipeline.waitingOrder(id, "u" + random.nextInt(50), ITEM, 1 + random.nextInt(3));
                    } else {
                        pipeline.order(id, "u" + random.nextInt(50), ITEM, 1 + random.nextInt(3));
                    }
                }
                case 3, 4 -> pipeline.confirm(some, ITEM);
                case 5, 6 -> pipeline.cancel(some, ITEM);
                case 7 -> {
                    pipeline.restock(ITEM, 2);
                    supplied += 2;
                }
                default -> pipeline.advance(Duration.ofSeconds(1 + random.nextInt(20)));
            }
            for (OrderResult result : pipeline.results()) {
                OrderStatus before = latest.put(result.orderId(), result.status());
                assertThat(before == null || before.open()).as("%s moved from %s to %s", result.orderId(), before,
                        result.status()).isTrue();
            }
            InventoryLevel level = level();
            assertThat(level.reserved() + level.confirmed()).isLessThanOrEqualTo(level.supplied());
            assertThat(level.supplied()).isEqualTo(supplied);
            assertThat(level.available() + level.reserved() + level.confirmed()).isEqualTo(supplied);
        }
        pipeline.advance(Duration.ofMinutes(10));
        pipeline.results().forEach(result -> latest.put(result.orderId(), result.status()));
        assertThat(latest.values()).as("after every TTL nothing is open").noneMatch(OrderStatus::open);
        long sold = level().confirmed();
        assertThat(level()).extracting(InventoryLevel::reserved, InventoryLevel::waitlisted,
                InventoryLevel::available).containsExactly(0L, 0L, supplied - sold);
        assertThat(latest.values()).contains(OrderStatus.CONFIRMED, OrderStatus.CANCELLED, OrderStatus.EXPIRED);
    }

    private InventoryLevel level() {
        return pipeline.inventory(ITEM);
    }
}
